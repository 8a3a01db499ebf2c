package dev.bulwark.api.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.bulwark.api.common.ResourceStatus;
import java.util.List;

/** What the controller observed of a MigrationPlan. */
public class MigrationPlanStatus extends ResourceStatus {
  private MigrationPhase phase;

  @JsonPropertyDescription("Spec generation of the last run.")
  private Long runGeneration;

  private Integer selected;

  private Integer migrated;

  private Integer skipped;

  private Integer failed;

  @JsonPropertyDescription("Selected objects older than spec.from, reported and left alone.")
  private Integer olderThanFrom;

  @JsonPropertyDescription("The first failed objects of the last run, as path: reason.")
  private List<String> failures;

  @JsonPropertyDescription("Whether the last run restored the touched objects from the snapshot.")
  private Boolean rolledBack;

  private String runId;

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

  public Integer getOlderThanFrom() {
    return olderThanFrom;
  }

  public void setOlderThanFrom(Integer olderThanFrom) {
    this.olderThanFrom = olderThanFrom;
  }

  public List<String> getFailures() {
    return failures;
  }

  public void setFailures(List<String> failures) {
    this.failures = failures;
  }

  public Boolean getRolledBack() {
    return rolledBack;
  }

  public void setRolledBack(Boolean rolledBack) {
    this.rolledBack = rolledBack;
  }

  public String getRunId() {
    return runId;
  }

  public void setRunId(String runId) {
    this.runId = runId;
  }
}
