package dev.bulwark.core.runs;

import java.util.Optional;

/**
 * A run recorded (if its kind records before running) and ready to go on a worker thread.
 *
 * @param <R> the kind's record
 */
public interface PreparedRun<R extends RunRecord> {

  /** The record written before the run, if the kind writes one then. */
  Optional<R> recorded();

  /** Does the run to its end; the kind records how it ended. */
  void run();

  /**
   * Asks the run to stop because of {@code why} (the process is shutting down). Kinds whose runs
   * cannot stop halfway ignore it, and the executor waits for them.
   */
  default void cancel(String why) {}
}
