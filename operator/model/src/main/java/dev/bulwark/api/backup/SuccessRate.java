package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How many jobs of a kind succeeded and failed in a window, and the share that succeeded. */
public class SuccessRate {
  @JsonPropertyDescription("Jobs that succeeded in the window.")
  private Integer succeeded;

  @JsonPropertyDescription("Jobs that failed in the window (canceled ones are neither).")
  private Integer failed;

  @JsonPropertyDescription(
      "succeeded / (succeeded + failed), from 0 to 1; null when no job ran in the window.")
  private Double ratio;

  public Integer getSucceeded() {
    return succeeded;
  }

  public void setSucceeded(Integer succeeded) {
    this.succeeded = succeeded;
  }

  public Integer getFailed() {
    return failed;
  }

  public void setFailed(Integer failed) {
    this.failed = failed;
  }

  public Double getRatio() {
    return ratio;
  }

  public void setRatio(Double ratio) {
    this.ratio = ratio;
  }
}
