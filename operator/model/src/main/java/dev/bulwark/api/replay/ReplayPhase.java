package dev.bulwark.api.replay;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a replay plan is. */
public enum ReplayPhase {
  @JsonProperty("Pending")
  PENDING,
  @JsonProperty("Planned")
  PLANNED,
  @JsonProperty("Running")
  RUNNING,
  @JsonProperty("Succeeded")
  SUCCEEDED,
  @JsonProperty("Failed")
  FAILED;
}
