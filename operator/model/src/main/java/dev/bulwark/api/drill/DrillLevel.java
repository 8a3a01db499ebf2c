package dev.bulwark.api.drill;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Restore level: L1 objects, L2 a point in time, L3 the whole system. */
public enum DrillLevel {
  @JsonProperty("L1")
  L1,
  @JsonProperty("L2")
  L2,
  @JsonProperty("L3")
  L3;
}
