package dev.bulwark.core.reconcile;

import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.BackupRef;
import dev.bulwark.api.backup.JobSummary;
import dev.bulwark.api.backup.SuccessRate;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.jobs.HistoryFacts;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.LifecycleState;
import dev.bulwark.core.jobs.PolicyJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns the facts of a policy's whole job history into its status (last success, last full, last
 * failure, failure streak, the incremental success rate of the last 24 hours, active and recent
 * jobs) and the conditions derived from them (R22):
 *
 * <ul>
 *   <li>{@code Healthy} False after {@link #UNHEALTHY_AFTER} consecutive failed jobs;
 *   <li>{@code Fresh} False when the newest successful snapshot is older than the larger of {@link
 *       #FRESH_LIMIT} and twice the incremental cadence;
 *   <li>{@code TargetReachable} from the newest job that reached its target or failed on it;
 *   <li>{@code LifecycleEffective} from the last lifecycle reconcile (pruning, for a local target).
 * </ul>
 *
 * Facts the ledger no longer holds (its state directory was lost) are kept from the previous
 * status.
 */
final class JobFacts {
  static final int UNHEALTHY_AFTER = 2;
  static final Duration FRESH_LIMIT = Duration.ofMinutes(10);
  static final int RECENT_IN_STATUS = 10;

  /** The window of {@code status.incrementalSuccess24h}. */
  static final Duration RATE_WINDOW = Duration.ofHours(24);

  private JobFacts() {}

  static void apply(
      PolicyJobs jobs,
      BackupPolicyStatus status,
      ConditionRecorder conditions,
      Duration cadence,
      Instant now) {
    HistoryFacts history = jobs.history();
    Optional.ofNullable(history.lastSuccess())
        .ifPresent(r -> status.setLastSuccessfulBackup(ref(r)));
    Optional.ofNullable(history.lastSuccessfulFull())
        .ifPresent(r -> status.setLastFullBackup(ref(r)));
    Optional.ofNullable(history.lastPreUpgrade())
        .ifPresent(r -> status.setLastPreUpgradeBackup(ref(r)));
    Optional.ofNullable(history.lastFailure()).ifPresent(r -> status.setLastFailedJob(summary(r)));
    status.setActiveJob(jobs.active().map(JobFacts::summary).orElse(null));
    List<JobSummary> finished =
        jobs.recent().stream()
            .filter(r -> r.state().finished())
            .limit(RECENT_IN_STATUS)
            .map(JobFacts::summary)
            .toList();
    status.setRecentJobs(finished.isEmpty() ? status.getRecentJobs() : finished);
    status.setIncrementalSuccess24h(
        rate(history.incrementalsWithin(RATE_WINDOW, rateWindowEnd(history, now))));

    int failures = history.failureStreak();
    status.setConsecutiveFailures(failures);
    Optional<Instant> newestSnapshot =
        Optional.ofNullable(status.getLastSuccessfulBackup())
            .map(BackupRef::getFinishedAt)
            .map(Instant::parse);

    Duration limit = freshnessLimit(cadence);
    status.setFreshnessLimitSeconds(limit.toSeconds());
    healthy(history, failures, conditions);
    fresh(history, newestSnapshot, limit, conditions, now);
    targetReachable(history, conditions);
    lifecycle(jobs.lifecycle(), conditions);
  }

  /**
   * Where the success-rate window ends: when the newest job ended, not now, so the rate changes
   * when a job ends and not each time an old job slides out of the window (on Kubernetes, every
   * status change is a write and a watch event). With a job every few minutes the two differ by
   * those minutes; a policy whose jobs stopped is caught by {@code Fresh} and {@code Healthy}.
   */
  private static Instant rateWindowEnd(HistoryFacts history, Instant now) {
    Instant end = null;
    for (JobRecord job : new JobRecord[] {history.lastSuccess(), history.lastFailure()}) {
      if (job != null
          && job.finishedAt() != null
          && (end == null || job.finishedAt().isAfter(end))) {
        end = job.finishedAt();
      }
    }
    return end == null || end.isAfter(now) ? now : end;
  }

  private static SuccessRate rate(HistoryFacts.SuccessCount count) {
    SuccessRate rate = new SuccessRate();
    rate.setSucceeded(count.succeeded());
    rate.setFailed(count.failed());
    rate.setRatio(count.ratio().map(r -> Math.round(r * 10000) / 10000.0).orElse(null));
    return rate;
  }

  private static void healthy(HistoryFacts history, int failures, ConditionRecorder conditions) {
    JobRecord lastFailed = history.lastFailure();
    if (failures >= UNHEALTHY_AFTER) {
      conditions.set(
          ConditionType.HEALTHY,
          false,
          ConditionReason.BACKUPS_FAILING,
          failures
              + " consecutive backup jobs failed; last ("
              + lastFailed.jobId()
              + "): "
              + lastFailed.error());
    } else if (history.lastSuccess() != null || history.lastFailure() != null) {
      conditions.set(
          ConditionType.HEALTHY,
          true,
          ConditionReason.BACKUPS_SUCCEEDING,
          failures == 0 ? "the last backup job succeeded" : "1 failed job since the last success");
    } else {
      conditions.set(
          ConditionType.HEALTHY, true, ConditionReason.NO_RUNS_YET, "no backup job has run yet");
    }
  }

  /** The larger of {@link #FRESH_LIMIT} and twice the incremental cadence. */
  static Duration freshnessLimit(Duration cadence) {
    Duration twice = cadence.multipliedBy(2);
    return twice.compareTo(FRESH_LIMIT) > 0 ? twice : FRESH_LIMIT;
  }

  private static void fresh(
      HistoryFacts history,
      Optional<Instant> newest,
      Duration limit,
      ConditionRecorder conditions,
      Instant now) {
    if (newest.isPresent()) {
      Duration age = Duration.between(newest.get(), now);
      if (age.compareTo(limit) <= 0) {
        conditions.set(
            ConditionType.FRESH,
            true,
            ConditionReason.RECENT_SNAPSHOT,
            "the newest snapshot finished at "
                + newest.get()
                + " (limit "
                + limit.toMinutes()
                + " min)");
      } else {
        conditions.set(
            ConditionType.FRESH,
            false,
            ConditionReason.SNAPSHOT_TOO_OLD,
            "no successful backup since "
                + newest.get()
                + ", more than "
                + limit.toMinutes()
                + " min ago");
      }
      return;
    }
    Optional<Instant> firstJob = Optional.ofNullable(history.firstJobAt());
    if (firstJob.isPresent() && firstJob.get().plus(limit).isBefore(now)) {
      conditions.set(
          ConditionType.FRESH,
          false,
          ConditionReason.SNAPSHOT_TOO_OLD,
          "no successful backup since the first job at "
              + firstJob.get()
              + ", more than "
              + limit.toMinutes()
              + " min ago");
    } else {
      conditions.unknown(
          ConditionType.FRESH, ConditionReason.NO_RUNS_YET, "no successful backup yet");
    }
  }

  private static void targetReachable(HistoryFacts history, ConditionRecorder conditions) {
    JobRecord success = history.lastSuccess();
    JobRecord failure = history.lastTargetFailure();
    if (success != null && (failure == null || success.jobId().compareTo(failure.jobId()) > 0)) {
      conditions.set(
          ConditionType.TARGET_REACHABLE,
          true,
          ConditionReason.TARGET_ANSWERED,
          "job " + success.jobId() + " wrote to " + success.target());
    } else if (failure != null) {
      conditions.set(
          ConditionType.TARGET_REACHABLE,
          false,
          ConditionReason.TARGET_UNREACHABLE,
          "job " + failure.jobId() + ": " + failure.error());
    } else {
      conditions.unknown(
          ConditionType.TARGET_REACHABLE,
          ConditionReason.NO_RUNS_YET,
          "no job has reached the target yet");
    }
  }

  private static void lifecycle(Optional<LifecycleState> state, ConditionRecorder conditions) {
    if (state.isEmpty()) {
      conditions.unknown(
          ConditionType.LIFECYCLE_EFFECTIVE,
          ConditionReason.NO_RUNS_YET,
          "retention is applied after the first successful backup");
    } else if (state.get().effective()) {
      conditions.set(
          ConditionType.LIFECYCLE_EFFECTIVE,
          true,
          ConditionReason.LIFECYCLE_IN_EFFECT,
          state.get().message());
    } else {
      conditions.set(
          ConditionType.LIFECYCLE_EFFECTIVE,
          false,
          ConditionReason.LIFECYCLE_NOT_IN_EFFECT,
          state.get().message());
    }
  }

  private static BackupRef ref(JobRecord r) {
    BackupRef ref = new BackupRef();
    ref.setJobId(r.jobId());
    ref.setType(r.effectiveType());
    ref.setTarget(r.target());
    ref.setFinishedAt(r.finishedAt() == null ? null : r.finishedAt().toString());
    ref.setLabel(r.labels().isEmpty() ? null : String.join(",", r.labels()));
    return ref;
  }

  private static JobSummary summary(JobRecord r) {
    JobSummary s = new JobSummary();
    s.setJobId(r.jobId());
    s.setType(r.effectiveType());
    s.setTarget(r.target());
    s.setTrigger(WireNames.of(r.trigger()));
    s.setState(WireNames.of(r.state()));
    s.setAttempt(r.attempt());
    s.setStartedAt(r.startedAt() == null ? null : r.startedAt().toString());
    s.setFinishedAt(r.finishedAt() == null ? null : r.finishedAt().toString());
    s.setFiles(r.files());
    s.setBytes(r.bytes());
    s.setError(r.error());
    s.setLabel(r.labels().isEmpty() ? null : String.join(",", r.labels()));
    s.setRetryOf(r.retryOf());
    return s;
  }
}
