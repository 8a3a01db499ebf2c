package dev.bulwark.api.common;

/** The condition types Bulwark sets, with the kinds that carry them. */
public enum ConditionType {
  /** The spec passed schema and semantic validation (all kinds). */
  VALID("Valid"),
  /** The resource is served: valid and scheduled (all kinds). */
  READY("Ready"),
  /** Backups succeed: False after two consecutive failures (BackupPolicy). */
  HEALTHY("Healthy"),
  /** A successful incremental is recent enough for the RPO (BackupPolicy). */
  FRESH("Fresh"),
  /** The last contact with the job's target succeeded (BackupPolicy). */
  TARGET_REACHABLE("TargetReachable"),
  /** Objects past the hot window have left the hot tier (BackupPolicy). */
  LIFECYCLE_EFFECTIVE("LifecycleEffective"),
  /** The last drill or migration run succeeded (RestoreDrill, MigrationPlan). */
  SUCCEEDED("Succeeded"),
  /** The last drill met its RPO and RTO objectives (RestoreDrill). */
  OBJECTIVES_MET("ObjectivesMet"),
  /**
   * The newest verify of the repository found nothing wrong, and no job found a corrupt snapshot
   * since (BackupPolicy).
   */
  VERIFIED("Verified");

  private final String wireName;

  ConditionType(String wireName) {
    this.wireName = wireName;
  }

  /** The CamelCase name stored in {@link Condition#getType()}. */
  public String wireName() {
    return wireName;
  }
}
