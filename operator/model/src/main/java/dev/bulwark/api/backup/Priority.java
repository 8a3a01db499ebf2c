package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Backup priority of a source: P0 goes first. */
public enum Priority {
  @JsonProperty("P0")
  P0,
  @JsonProperty("P1")
  P1,
  @JsonProperty("P2")
  P2;
}
