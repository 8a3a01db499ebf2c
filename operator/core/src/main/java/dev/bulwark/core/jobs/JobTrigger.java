package dev.bulwark.core.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a job ran (R24): its schedule, a person, or the upgrade flow (R18). */
public enum JobTrigger {
  /** The policy's cadence (or a retry of a scheduled job). */
  @JsonProperty("schedule")
  SCHEDULE,
  /** {@code bulwark backup} or a run-now request. */
  @JsonProperty("manual")
  MANUAL,
  /** {@code bulwark backup --pre-upgrade}: a full snapshot labelled pre-upgrade. */
  @JsonProperty("pre-upgrade")
  PRE_UPGRADE
}
