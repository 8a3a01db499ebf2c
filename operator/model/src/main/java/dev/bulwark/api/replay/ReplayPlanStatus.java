package dev.bulwark.api.replay;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.bulwark.api.common.ResourceStatus;
import java.util.List;

/** What the controller observed of a ReplayPlan. */
public class ReplayPlanStatus extends ResourceStatus {
  private ReplayPhase phase;

  @JsonPropertyDescription("Spec generation of the last apply run.")
  private Long runGeneration;

  private String runId;

  private String mode;

  private List<PartitionStatus> partitions;

  private Integer planned;

  private Integer done;

  private Integer failed;

  private Integer skipped;

  private String startedAt;

  private String finishedAt;

  public ReplayPhase getPhase() {
    return phase;
  }

  public void setPhase(ReplayPhase phase) {
    this.phase = phase;
  }

  public Long getRunGeneration() {
    return runGeneration;
  }

  public void setRunGeneration(Long runGeneration) {
    this.runGeneration = runGeneration;
  }

  public String getRunId() {
    return runId;
  }

  public void setRunId(String runId) {
    this.runId = runId;
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public List<PartitionStatus> getPartitions() {
    return partitions;
  }

  public void setPartitions(List<PartitionStatus> partitions) {
    this.partitions = partitions;
  }

  public Integer getPlanned() {
    return planned;
  }

  public void setPlanned(Integer planned) {
    this.planned = planned;
  }

  public Integer getDone() {
    return done;
  }

  public void setDone(Integer done) {
    this.done = done;
  }

  public Integer getFailed() {
    return failed;
  }

  public void setFailed(Integer failed) {
    this.failed = failed;
  }

  public Integer getSkipped() {
    return skipped;
  }

  public void setSkipped(Integer skipped) {
    this.skipped = skipped;
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
