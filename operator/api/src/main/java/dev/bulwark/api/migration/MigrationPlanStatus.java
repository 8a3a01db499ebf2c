package dev.bulwark.api.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.bulwark.api.common.ResourceStatus;

/** What the controller observed of a MigrationPlan. */
public class MigrationPlanStatus extends ResourceStatus {
  private MigrationPhase phase;

  @JsonPropertyDescription("Spec generation of the last run.")
  private Long runGeneration;

  private Integer selected;

  private Integer migrated;

  private Integer skipped;

  private Integer failed;

  private String snapshotJobId;

  private String startedAt;

  private String finishedAt;

  public MigrationPhase getPhase() {
    return phase;
  }

  public void setPhase(MigrationPhase phase) {
    this.phase = phase;
  }

  public Long getRunGeneration() {
    return runGeneration;
  }

  public void setRunGeneration(Long runGeneration) {
    this.runGeneration = runGeneration;
  }

  public Integer getSelected() {
    return selected;
  }

  public void setSelected(Integer selected) {
    this.selected = selected;
  }

  public Integer getMigrated() {
    return migrated;
  }

  public void setMigrated(Integer migrated) {
    this.migrated = migrated;
  }

  public Integer getSkipped() {
    return skipped;
  }

  public void setSkipped(Integer skipped) {
    this.skipped = skipped;
  }

  public Integer getFailed() {
    return failed;
  }

  public void setFailed(Integer failed) {
    this.failed = failed;
  }

  public String getSnapshotJobId() {
    return snapshotJobId;
  }

  public void setSnapshotJobId(String snapshotJobId) {
    this.snapshotJobId = snapshotJobId;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }

}
