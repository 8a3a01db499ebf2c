package dev.bulwark.core.runs;

/**
 * Where a run of any kind is in its life, as the framework sees it. Each kind keeps its own words
 * on disk (a job's {@code state}, a migration's {@code phase}); its record maps them to these.
 */
public enum RunPhase {
  /** Recorded, not started yet (waiting for a thread or a lock). */
  PENDING,
  /** Started and not ended. */
  RUNNING,
  /** Ended and did what it was asked. */
  SUCCEEDED,
  /** Ended without doing it; the record says why. */
  FAILED,
  /** Stopped on request, or found abandoned by a process that died; not a failure. */
  CANCELED;

  /** Whether the run has ended. */
  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED;
  }
}
