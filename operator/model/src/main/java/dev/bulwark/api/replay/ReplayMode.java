package dev.bulwark.api.replay;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a replay writes outputs (apply) or only plans (dry-run). */
public enum ReplayMode {
  @JsonProperty("dry-run")
  DRY_RUN,
  @JsonProperty("apply")
  APPLY;
}
