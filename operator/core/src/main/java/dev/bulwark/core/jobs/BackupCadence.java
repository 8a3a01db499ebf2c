package dev.bulwark.core.jobs;

import dev.bulwark.core.schedule.CronSchedule;
import dev.bulwark.engine.format.SnapshotType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides, from a policy's two cron schedules, the facts of its job history and the time, whether a
 * job must start now and when to look again. A pure function of its inputs, so it is tested with a
 * fake clock and gives the same answer in both runtimes. It reads facts that cover the whole
 * history ({@link HistoryFacts}: when the newest full began, the newest job that counts), never a
 * count of records, so a long history never makes a full look due.
 *
 * <ul>
 *   <li><b>One at a time</b>: while a job is pending or running nothing starts; a full that falls
 *       due meanwhile runs right after it.
 *   <li><b>Retries first</b>: a failed scheduled job is retried up to {@link #MAX_ATTEMPTS}
 *       attempts in all, after {@link #FIRST_RETRY}, then twice that (exponential backoff). New
 *       fires of the incremental schedule wait for the retries (a retry takes a snapshot of the
 *       same data); a full that falls due during them takes the next attempt's place, recorded as a
 *       retry ({@code retry_of}) of type full. So a failure never starts a second job at once.
 *   <li><b>Due</b>: a schedule is due when it fired (at or before now) after the last job that
 *       counts began (for the full schedule: the last full). Only the latest fire matters, so after
 *       downtime a missed run is caught up once, never in a burst. A full also satisfies the
 *       incremental schedule.
 *   <li><b>Canceled jobs do not count</b>: a job stopped by a shutdown (or left by a dead process)
 *       did not happen, so its schedule is still due and runs again at the next start.
 * </ul>
 */
public final class BackupCadence {
  /** Attempts of one scheduled run, the first included. */
  public static final int MAX_ATTEMPTS = 3;

  /** Wait before the first retry; each further retry waits twice as long. */
  public static final Duration FIRST_RETRY = Duration.ofSeconds(30);

  /** How often to look again while a job runs, in case its end is not reported. */
  public static final Duration WHILE_RUNNING = Duration.ofSeconds(15);

  private final CronSchedule incremental;
  private final CronSchedule full;

  /** The cadence of a policy. */
  public BackupCadence(CronSchedule incremental, CronSchedule full) {
    this.incremental = incremental;
    this.full = full;
  }

  /**
   * The decision at {@code now} given the policy's jobs (newest first); for histories held whole.
   */
  public CadencePlan plan(List<JobRecord> recentNewestFirst, Instant now) {
    boolean running = recentNewestFirst.stream().anyMatch(r -> !r.state().finished());
    return plan(HistoryFacts.of(recentNewestFirst), running, now);
  }

  /**
   * The decision at {@code now}.
   *
   * @param facts the facts of the policy's whole history
   * @param running whether a job of the policy is pending or running
   */
  public CadencePlan plan(HistoryFacts facts, boolean running, Instant now) {
    Instant nextIncremental = incremental.nextAfter(now);
    Instant nextFull = full.nextAfter(now);
    Instant nextFire = earlier(nextIncremental, nextFull);
    if (running) {
      Instant poll = now.plus(WHILE_RUNNING);
      return new CadencePlan(
          Optional.empty(), nextIncremental, nextFull, Optional.empty(), earlier(poll, nextFire));
    }
    boolean fullDue = firedSince(full, Optional.ofNullable(facts.lastFullBeganAt()), now);
    JobRecord newest = facts.lastCounted();
    if (newest != null && retryable(newest)) {
      Instant retryAt =
          newest.finishedAt().plus(FIRST_RETRY.multipliedBy(1L << (newest.attempt() - 1)));
      SnapshotType type =
          fullDue || "full".equals(newest.requestedType())
              ? SnapshotType.FULL
              : SnapshotType.INCREMENTAL;
      if (fullDue || !retryAt.isAfter(now)) {
        return new CadencePlan(
            Optional.of(JobOrder.retry(type, newest.attempt() + 1, newest.jobId())),
            nextIncremental,
            nextFull,
            Optional.empty(),
            now.plus(WHILE_RUNNING));
      }
      // Fires of the incremental schedule wait for the retry; only a full fire comes first.
      return new CadencePlan(
          Optional.empty(),
          nextIncremental,
          nextFull,
          Optional.of(retryAt),
          earlier(retryAt, nextFull));
    }
    if (fullDue) {
      return start(SnapshotType.FULL, nextIncremental, nextFull);
    }
    if (firedSince(incremental, facts.lastCountedBeganAt(), now)) {
      return start(SnapshotType.INCREMENTAL, nextIncremental, nextFull);
    }
    return new CadencePlan(Optional.empty(), nextIncremental, nextFull, Optional.empty(), nextFire);
  }

  /**
   * The shortest gap between two incremental fires from {@code now}: the cadence Fresh compares to.
   */
  public Duration incrementalInterval(Instant now) {
    Instant first = incremental.nextAfter(now);
    return Duration.between(first, incremental.nextAfter(first));
  }

  private static boolean retryable(JobRecord record) {
    return record.state() == JobState.FAILED
        && record.trigger() == JobTrigger.SCHEDULE
        && record.attempt() < MAX_ATTEMPTS
        && record.finishedAt() != null;
  }

  private static boolean firedSince(
      CronSchedule schedule, Optional<Instant> lastBegan, Instant now) {
    Optional<Instant> fired = schedule.lastAtOrBefore(now);
    return fired.isPresent() && (lastBegan.isEmpty() || lastBegan.get().isBefore(fired.get()));
  }

  private static CadencePlan start(SnapshotType type, Instant nextIncremental, Instant nextFull) {
    Instant soon = earlier(nextIncremental, nextFull);
    return new CadencePlan(
        Optional.of(JobOrder.scheduled(type, 1)),
        nextIncremental,
        nextFull,
        Optional.empty(),
        soon);
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
