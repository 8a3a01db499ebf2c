package dev.bulwark.api.migration;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a migration writes (apply) or only reports (dry-run). */
public enum MigrationMode {
  @JsonProperty("dry-run")
  DRY_RUN,
  @JsonProperty("apply")
  APPLY;
}
