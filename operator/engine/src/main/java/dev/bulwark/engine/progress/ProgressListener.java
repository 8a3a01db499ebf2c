package dev.bulwark.engine.progress;

/**
 * Receives progress from a backup, restore or verify. Calls are serialized (never concurrent) but
 * may come from worker threads; {@link #progress} arrives at most every 100 ms plus once at the
 * end, so a listener may draw directly. A listener must return quickly: the engine waits for it.
 */
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /** A new phase started. Called on the thread that called the engine. */
  default void phaseStarted(Phase phase) {}

  /** A progress sample. */
  default void progress(Progress progress) {}
}
