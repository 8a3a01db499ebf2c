package dev.bulwark.api.common;

/** CamelCase reasons a condition can carry; each says why the status is what it is. */
public enum ConditionReason {
  /** The spec passed every check. */
  SPEC_VALID("SpecValid"),
  /** The spec failed a check; the message names the field. */
  SPEC_INVALID("SpecInvalid"),
  /** The document could not be read as a resource at all (YAML syntax, unknown kind). */
  DOCUMENT_UNREADABLE("DocumentUnreadable"),
  /** The resource is valid and its next runs are scheduled. */
  SCHEDULED("Scheduled"),
  /** {@code spec.suspend} is true: no new jobs are started. */
  SUSPENDED("Suspended"),
  /** The resource was removed from its source and is no longer reconciled. */
  DELETED("Deleted"),
  /** No job has run yet, so nothing is known. */
  NO_RUNS_YET("NoRunsYet"),
  /** Recent jobs succeeded. */
  BACKUPS_SUCCEEDING("BackupsSucceeding"),
  /** Recent jobs failed consecutively. */
  BACKUPS_FAILING("BackupsFailing"),
  /** The newest successful snapshot is within the freshness window. */
  RECENT_SNAPSHOT("RecentSnapshot"),
  /** The newest successful snapshot is older than the freshness window. */
  SNAPSHOT_TOO_OLD("SnapshotTooOld"),
  /** The target answered. */
  TARGET_ANSWERED("TargetAnswered"),
  /** The target did not answer or refused. */
  TARGET_UNREACHABLE("TargetUnreachable"),
  /** Lifecycle rules are in place and objects move tiers as configured. */
  LIFECYCLE_IN_EFFECT("LifecycleInEffect"),
  /** Objects past the hot window are still hot. */
  LIFECYCLE_NOT_IN_EFFECT("LifecycleNotInEffect"),
  /** The run completed and validated. */
  RUN_SUCCEEDED("RunSucceeded"),
  /** The run failed; the message says where. */
  RUN_FAILED("RunFailed"),
  /** Measured RPO and RTO are within the objectives. */
  OBJECTIVES_WITHIN("ObjectivesWithin"),
  /** Measured RPO or RTO exceeded an objective. */
  OBJECTIVES_MISSED("ObjectivesMissed"),
  /** The runtime failed to reconcile the resource (an internal error, retried with backoff). */
  RECONCILE_FAILED("ReconcileFailed"),
  /** The newest verify of the repository found nothing wrong. */
  VERIFY_PASSED("VerifyPassed"),
  /**
   * The newest verify found damaged or missing objects, or could not run; the message names them.
   */
  VERIFY_FAILED("VerifyFailed"),
  /**
   * A backup job found the newest snapshot corrupt and took a full instead; the message names it.
   */
  CORRUPT_SNAPSHOT("CorruptSnapshot"),
  /** A resource this one refers to does not exist or is invalid. */
  REFERENCE_NOT_FOUND("ReferenceNotFound");

  private final String wireName;

  ConditionReason(String wireName) {
    this.wireName = wireName;
  }

  /** The CamelCase name stored in {@link Condition#getReason()}. */
  public String wireName() {
    return wireName;
  }
}
