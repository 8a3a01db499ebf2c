package dev.bulwark.core.replay;

/** What a replay run does with the partitions it looks at. */
public enum ReplayAction {
  /** Write plan records only; no analyzer runs and no outputs change. */
  DRY_RUN("dry-run"),
  /** Run the analyzer for every partition that has no published outputs of this version. */
  APPLY("apply"),
  /** Like apply, but leave every partition that already has outputs alone (fill gaps only). */
  BACKFILL("backfill");

  private final String wireName;

  ReplayAction(String wireName) {
    this.wireName = wireName;
  }

  /** The name in records and the audit. */
  public String wireName() {
    return wireName;
  }
}
