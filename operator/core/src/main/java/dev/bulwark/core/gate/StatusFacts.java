package dev.bulwark.core.gate;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.BackupRef;
import dev.bulwark.api.backup.JobSummary;
import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.api.drill.DrillRun;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads the gate's facts from resource statuses, the same way in both runtimes. Kept apart from
 * {@link ReleaseGate} so evaluating a gate file never loads the resource model.
 */
public final class StatusFacts {
  private static final String FAILED = "failed";

  private StatusFacts() {}

  /**
   * The inputs of a gate over {@code policies} and {@code drills} (deleted ones left out by the
   * caller).
   */
  public static GateInputs inputs(
      Collection<BackupPolicy> policies, Collection<RestoreDrill> drills) {
    return GateInputs.of(
        policies.stream().map(StatusFacts::policy).toList(),
        drills.stream().map(StatusFacts::drill).toList());
  }

  /** The facts of a policy resource. */
  public static PolicyFacts policy(BackupPolicy policy) {
    return policy(policy.getRef().name(), policy.getStatus());
  }

  /** The facts of a drill resource. */
  public static DrillFacts drill(RestoreDrill drill) {
    String policyRef = drill.getSpec() == null ? null : drill.getSpec().getPolicyRef();
    String level =
        drill.getSpec() == null || drill.getSpec().getLevel() == null
            ? null
            : drill.getSpec().getLevel().name();
    return drill(drill.getRef().name(), policyRef, level, drill.getStatus());
  }

  /**
   * The facts of a policy known by name and status (compose mode knows no spec of an invalid one).
   */
  public static PolicyFacts policy(String name, BackupPolicyStatus status) {
    if (status == null) {
      return new PolicyFacts(name, true, null, null, null, null, null, null);
    }
    Optional<Condition> healthy = status.conditions().get(ConditionType.HEALTHY);
    Optional<Condition> verified = status.conditions().get(ConditionType.VERIFIED);
    return new PolicyFacts(
        name,
        !status.conditions().isFalse(ConditionType.VALID),
        invalidReason(status),
        healthy.map(Condition::getStatus).orElse(null),
        healthy.map(StatusFacts::describe).orElse(null),
        snapshot(status.getLastSuccessfulBackup()),
        snapshot(status.getLastPreUpgradeBackup()),
        lastFailed(status),
        verified.map(Condition::getStatus).orElse(null),
        verified.map(StatusFacts::describe).orElse(null));
  }

  /**
   * The facts of a drill known by name, the policy it refers to (null when unknown) and its level.
   */
  public static DrillFacts drill(
      String name, String policyRef, String level, RestoreDrillStatus status) {
    if (status == null) {
      return new DrillFacts(name, policyRef, level, true, null, null, null, null, null, null);
    }
    DrillRun last = status.getLastRun();
    Instant lastSuccessAt = time(status.getLastSuccessAt());
    return new DrillFacts(
        name,
        policyRef,
        level,
        !status.conditions().isFalse(ConditionType.VALID),
        invalidReason(status),
        lastSuccessAt,
        successfulSnapshot(status),
        last == null ? null : last.getSucceeded(),
        last == null ? null : time(last.getFinishedAt()),
        last == null ? null : last.getFailureReason());
  }

  private static String invalidReason(ResourceStatus status) {
    return status
        .conditions()
        .get(ConditionType.VALID)
        .filter(c -> "False".equals(c.getStatus()))
        .map(StatusFacts::describe)
        .orElse(null);
  }

  private static String describe(Condition condition) {
    String message = condition.getMessage();
    return condition.getReason() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  private static PolicyFacts.Snapshot snapshot(BackupRef ref) {
    return ref == null
        ? null
        : new PolicyFacts.Snapshot(ref.getJobId(), ref.getType(), time(ref.getFinishedAt()));
  }

  /**
   * The newest failed job: {@code lastFailedJob}, which covers the whole history, or one of the
   * recent jobs (a status written by an older Bulwark has only those).
   */
  private static PolicyFacts.FailedJob lastFailed(BackupPolicyStatus status) {
    List<JobSummary> jobs = new java.util.ArrayList<>();
    if (status.getLastFailedJob() != null) {
      jobs.add(status.getLastFailedJob());
    }
    if (status.getRecentJobs() != null) {
      jobs.addAll(status.getRecentJobs());
    }
    PolicyFacts.FailedJob newest = null;
    for (JobSummary job : jobs) {
      if (job == null || !FAILED.equals(job.getState())) {
        continue;
      }
      Instant finished = time(job.getFinishedAt());
      if (newest == null
          || (finished != null
              && (newest.finishedAt() == null || finished.isAfter(newest.finishedAt())))) {
        newest = new PolicyFacts.FailedJob(job.getJobId(), finished, job.getError());
      }
    }
    return newest;
  }

  /** The snapshot the newest successful run restored, when the status still lists that run. */
  private static String successfulSnapshot(RestoreDrillStatus status) {
    if (status.getLastRun() != null && Boolean.TRUE.equals(status.getLastRun().getSucceeded())) {
      return status.getLastRun().getSnapshotJobId();
    }
    if (status.getRecentRuns() != null) {
      for (DrillRun run : status.getRecentRuns()) {
        if (run != null && Boolean.TRUE.equals(run.getSucceeded())) {
          return run.getSnapshotJobId();
        }
      }
    }
    return null;
  }

  /** An RFC 3339 time, or null when absent or unreadable (the gate then treats it as missing). */
  static Instant time(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
