package dev.bulwark.core.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a failed or canceled job ran into, so conditions can tell a dead target from a bad hook. */
public enum FailureKind {
  /** The target could not be opened, reached or written. */
  @JsonProperty("target")
  TARGET,
  /** A pre hook failed or timed out. */
  @JsonProperty("hook")
  HOOK,
  /** The policy could not be bound to the engine (key, sources, settings). */
  @JsonProperty("setup")
  SETUP,
  /** The engine failed while reading sources or writing the snapshot. */
  @JsonProperty("backup")
  BACKUP,
  /**
   * The repository was locked by another live job (of another process or host): nothing is wrong
   * with the target or the sources; the job runs again at its next turn.
   */
  @JsonProperty("locked")
  LOCKED,
  /** The job ran past its policy's deadline (spec.timeouts.job) and was stopped. */
  @JsonProperty("deadline")
  DEADLINE,
  /** Canceled: the process was asked to stop, or died, during the job. */
  @JsonProperty("interrupted")
  INTERRUPTED
}
