package dev.bulwark.core.jobs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the whole job history of a policy says, however many records it holds: folded record by
 * record in job id (start) order, so that the cadence, the status and the release gate decide from
 * facts rather than from how many records a window happens to hold. {@link JobStore} keeps the
 * facts of records it trimmed in {@code history.state} beside the records and folds the kept
 * records onto them.
 *
 * @param through the newest job id folded in, or null when none was
 * @param firstJobAt when the oldest job folded in was recorded
 * @param lastCounted the newest job that counts for the cadence (any state but canceled)
 * @param lastFullBeganAt when the newest counted full job began (a failed full counts: it is
 *     retried)
 * @param lastSuccess the newest successful job
 * @param lastSuccessfulFull the newest job that committed a full snapshot
 * @param lastPreUpgrade the newest successful job labelled pre-upgrade
 * @param lastFailure the newest failed job
 * @param lastTargetFailure the newest job that failed on its target
 * @param lastCorruptFound the newest job that found the newest snapshot corrupt and took a full
 * @param failureStreak failed jobs since the newest success (canceled ones are neither)
 * @param incrementalsByMinute finished incremental jobs by the UTC minute they ended (epoch
 *     minute): {@code [succeeded, failed]}, kept for {@link #COUNTED_FOR} behind the newest
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HistoryFacts(
    @JsonProperty("through") String through,
    @JsonProperty("first_job_at") Instant firstJobAt,
    @JsonProperty("last_counted") JobRecord lastCounted,
    @JsonProperty("last_full_began_at") Instant lastFullBeganAt,
    @JsonProperty("last_success") JobRecord lastSuccess,
    @JsonProperty("last_successful_full") JobRecord lastSuccessfulFull,
    @JsonProperty("last_pre_upgrade") JobRecord lastPreUpgrade,
    @JsonProperty("last_failure") JobRecord lastFailure,
    @JsonProperty("last_target_failure") JobRecord lastTargetFailure,
    @JsonProperty("last_corrupt_found") JobRecord lastCorruptFound,
    @JsonProperty("failure_streak") int failureStreak,
    @JsonProperty("incrementals_by_minute") SortedMap<Long, int[]> incrementalsByMinute) {

  /**
   * How far behind the newest finished job the per-minute counts reach: the 24-hour rate and a
   * margin.
   */
  public static final Duration COUNTED_FOR = Duration.ofHours(25);

  /** A history where no job has run. */
  public static final HistoryFacts NONE =
      new HistoryFacts(null, null, null, null, null, null, null, null, null, null, 0, null);

  public HistoryFacts {
    incrementalsByMinute =
        Collections.unmodifiableSortedMap(
            incrementalsByMinute == null ? new TreeMap<>() : new TreeMap<>(incrementalsByMinute));
  }

  /** The facts of {@code records}, given in any order. */
  public static HistoryFacts of(List<JobRecord> records) {
    Fold fold = new Fold(NONE);
    records.stream().sorted(java.util.Comparator.comparing(JobRecord::jobId)).forEach(fold::add);
    return fold.facts();
  }

  /**
   * Incremental jobs that ended within {@code window} before {@code now}, to the minute (the minute
   * {@code now - window} falls in counts whole).
   */
  public SuccessCount incrementalsWithin(Duration window, Instant now) {
    long from = now.minus(window).getEpochSecond() / 60;
    long to = now.getEpochSecond() / 60;
    int succeeded = 0;
    int failed = 0;
    for (Map.Entry<Long, int[]> minute : incrementalsByMinute.subMap(from, to + 1).entrySet()) {
      succeeded += minute.getValue()[0];
      failed += minute.getValue()[1];
    }
    return new SuccessCount(succeeded, failed);
  }

  /**
   * These facts with {@code began} as the newest full's start when it is newer: a fact a runtime
   * kept elsewhere (a resource status survives a lost state directory on Kubernetes).
   */
  public HistoryFacts withFullBeganAtLeast(Optional<Instant> began) {
    if (began.isEmpty() || (lastFullBeganAt != null && !lastFullBeganAt.isBefore(began.get()))) {
      return this;
    }
    return new HistoryFacts(
        through,
        firstJobAt,
        lastCounted,
        began.get(),
        lastSuccess,
        lastSuccessfulFull,
        lastPreUpgrade,
        lastFailure,
        lastTargetFailure,
        lastCorruptFound,
        failureStreak,
        incrementalsByMinute);
  }

  /** When the newest job that counts began, if one did. */
  @JsonIgnore
  public Optional<Instant> lastCountedBeganAt() {
    return Optional.ofNullable(lastCounted).map(JobRecord::beganAt);
  }

  /**
   * Succeeded and failed jobs in a window.
   *
   * @param succeeded jobs that succeeded
   * @param failed jobs that failed
   */
  public record SuccessCount(int succeeded, int failed) {
    /** Succeeded over all, or empty when none ran. */
    public Optional<Double> ratio() {
      int all = succeeded + failed;
      return all == 0 ? Optional.empty() : Optional.of((double) succeeded / all);
    }
  }

  /** Folds records, oldest first, onto earlier facts. Not thread-safe. */
  public static final class Fold {
    private String through;
    private Instant firstJobAt;
    private JobRecord lastCounted;
    private Instant lastFullBeganAt;
    private JobRecord lastSuccess;
    private JobRecord lastSuccessfulFull;
    private JobRecord lastPreUpgrade;
    private JobRecord lastFailure;
    private JobRecord lastTargetFailure;
    private JobRecord lastCorruptFound;
    private int failureStreak;
    private final TreeMap<Long, int[]> minutes = new TreeMap<>();

    /** A fold that starts from {@code start}. */
    public Fold(HistoryFacts start) {
      through = start.through;
      firstJobAt = start.firstJobAt;
      lastCounted = start.lastCounted;
      lastFullBeganAt = start.lastFullBeganAt;
      lastSuccess = start.lastSuccess;
      lastSuccessfulFull = start.lastSuccessfulFull;
      lastPreUpgrade = start.lastPreUpgrade;
      lastFailure = start.lastFailure;
      lastTargetFailure = start.lastTargetFailure;
      lastCorruptFound = start.lastCorruptFound;
      failureStreak = start.failureStreak;
      start.incrementalsByMinute.forEach((minute, counts) -> minutes.put(minute, counts.clone()));
    }

    /** Adds the next record; records must come in job id order. */
    public void add(JobRecord r) {
      through = r.jobId();
      if (r.createdAt() != null && (firstJobAt == null || r.createdAt().isBefore(firstJobAt))) {
        firstJobAt = r.createdAt();
      }
      if (r.counts()) {
        lastCounted = r;
        if (r.isFull() && (lastFullBeganAt == null || !r.beganAt().isBefore(lastFullBeganAt))) {
          lastFullBeganAt = r.beganAt();
        }
      }
      if (r.corruptSnapshot() != null) {
        lastCorruptFound = r;
      }
      if (r.state() == JobState.SUCCESS) {
        lastSuccess = r;
        failureStreak = 0;
        if (r.isFull()) {
          lastSuccessfulFull = r;
        }
        if (r.labels().contains(JobOrder.PRE_UPGRADE_LABEL)) {
          lastPreUpgrade = r;
        }
      } else if (r.state() == JobState.FAILED) {
        lastFailure = r;
        failureStreak++;
        if (r.failureKind() == FailureKind.TARGET) {
          lastTargetFailure = r;
        }
      }
      boolean ended = r.state() == JobState.SUCCESS || r.state() == JobState.FAILED;
      if (ended && r.finishedAt() != null && !r.isFull()) {
        int[] counts =
            minutes.computeIfAbsent(r.finishedAt().getEpochSecond() / 60, m -> new int[2]);
        counts[r.state() == JobState.SUCCESS ? 0 : 1]++;
      }
    }

    /**
     * The facts so far; per-minute counts older than {@link #COUNTED_FOR} behind the newest are
     * dropped.
     */
    public HistoryFacts facts() {
      if (!minutes.isEmpty()) {
        long oldest = minutes.lastKey() - COUNTED_FOR.toMinutes();
        minutes.headMap(oldest).clear();
      }
      return new HistoryFacts(
          through,
          firstJobAt,
          lastCounted,
          lastFullBeganAt,
          lastSuccess,
          lastSuccessfulFull,
          lastPreUpgrade,
          lastFailure,
          lastTargetFailure,
          lastCorruptFound,
          failureStreak,
          minutes);
    }
  }
}
