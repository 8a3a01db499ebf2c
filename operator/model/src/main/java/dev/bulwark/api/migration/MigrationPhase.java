package dev.bulwark.api.migration;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a migration run is. */
public enum MigrationPhase {
  @JsonProperty("Pending")
  PENDING,
  @JsonProperty("GateBlocked")
  GATE_BLOCKED,
  @JsonProperty("Snapshotting")
  SNAPSHOTTING,
  @JsonProperty("Migrating")
  MIGRATING,
  @JsonProperty("Verifying")
  VERIFYING,
  @JsonProperty("Succeeded")
  SUCCEEDED,
  @JsonProperty("Failed")
  FAILED,
  @JsonProperty("RolledBack")
  ROLLED_BACK;
}
