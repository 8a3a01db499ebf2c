package dev.bulwark.core.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a backup job is in its life: pending, running, then exactly one of the three endings. */
public enum JobState {
  /** Recorded, waiting for the policy's job lock. */
  @JsonProperty("pending")
  PENDING,
  /** Holding the lock and writing. */
  @JsonProperty("running")
  RUNNING,
  /** The snapshot was committed. */
  @JsonProperty("success")
  SUCCESS,
  /** The job ended without a snapshot; the error says why. */
  @JsonProperty("failed")
  FAILED,
  /** Stopped on request (shutdown) or found abandoned by a process that died; not a failure. */
  @JsonProperty("canceled")
  CANCELED;

  /** Whether the job has ended. */
  public boolean finished() {
    return this == SUCCESS || this == FAILED || this == CANCELED;
  }
}
