package dev.bulwark.api.replay;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where one partition of a replay stands. */
public enum PartitionState {
  @JsonProperty("planned")
  PLANNED,
  @JsonProperty("done")
  DONE,
  @JsonProperty("failed")
  FAILED,
  @JsonProperty("skipped")
  SKIPPED;
}
