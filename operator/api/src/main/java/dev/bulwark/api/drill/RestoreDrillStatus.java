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

}
