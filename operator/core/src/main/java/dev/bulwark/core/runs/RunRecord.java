package dev.bulwark.core.runs;

import java.time.Instant;
import java.util.Optional;

/**
 * The envelope every run record shares, whatever its kind adds: its id, its owner, its phase and
 * its times. Kinds keep their JSON field names (the files on disk do not change); they implement
 * these accessors over their own fields. None of these names starts with {@code get} or {@code is},
 * and none is annotated, so Jackson never writes them as extra fields.
 */
public interface RunRecord {

  /** The run's id: time-sortable, so the newest run has the greatest id. */
  String runId();

  /** The owner's namespace; null in compose mode. */
  String namespace();

  /** The owner's name (the policy, drill or plan). */
  String owner();

  /** Where the run is, in the framework's words. */
  RunPhase runPhase();

  /** When it started; null while pending. */
  Instant startedAt();

  /** When it ended; null until then. */
  Instant finishedAt();

  /** Which try this is: 1 for a first one; kinds that retry count up. */
  default int attemptNumber() {
    return 1;
  }

  /** The key of the owner. */
  default RunKey key() {
    return new RunKey(Optional.ofNullable(namespace()), owner());
  }

  /** Whether the run has ended. */
  default boolean finished() {
    return runPhase().finished();
  }
}
