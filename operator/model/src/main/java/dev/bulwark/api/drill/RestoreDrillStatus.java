package dev.bulwark.api.drill;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.bulwark.api.common.ResourceStatus;
import java.util.List;

/** What the controller observed of a RestoreDrill. */
public class RestoreDrillStatus extends ResourceStatus {
  private DrillRun lastRun;

  private String lastSuccessAt;

  @JsonPropertyDescription("Newest first.")
  private List<DrillRun> recentRuns;

  private String nextRun;

  @JsonPropertyDescription(
      "The RPO objective the runs are measured against (spec.objectives.rpo, default 5 min).")
  private Long rpoObjectiveSeconds;

  @JsonPropertyDescription(
      "The RTO objective the runs are measured against (spec.objectives.rto, default 30 min).")
  private Long rtoObjectiveSeconds;

  public DrillRun getLastRun() {
    return lastRun;
  }

  public void setLastRun(DrillRun lastRun) {
    this.lastRun = lastRun;
  }

  public String getLastSuccessAt() {
    return lastSuccessAt;
  }

  public void setLastSuccessAt(String lastSuccessAt) {
    this.lastSuccessAt = lastSuccessAt;
  }

  public List<DrillRun> getRecentRuns() {
    return recentRuns;
  }

  public void setRecentRuns(List<DrillRun> recentRuns) {
    this.recentRuns = recentRuns;
  }

  public String getNextRun() {
    return nextRun;
  }

  public void setNextRun(String nextRun) {
    this.nextRun = nextRun;
  }

  public Long getRpoObjectiveSeconds() {
    return rpoObjectiveSeconds;
  }

  public void setRpoObjectiveSeconds(Long rpoObjectiveSeconds) {
    this.rpoObjectiveSeconds = rpoObjectiveSeconds;
  }

  public Long getRtoObjectiveSeconds() {
    return rtoObjectiveSeconds;
  }

  public void setRtoObjectiveSeconds(Long rtoObjectiveSeconds) {
    this.rtoObjectiveSeconds = rtoObjectiveSeconds;
  }
}
