package dev.bulwark.core.runs;

import java.util.List;
import java.util.Optional;

/**
 * Read access to the runs of one kind, for controllers and the executor's checks. Reading never
 * writes: a run a dead process left unfinished reads as it is on disk until someone calls {@link
 * RunExecutor#recoverAbandoned}.
 *
 * @param <R> the kind's record
 */
public interface RunLedger<R extends RunRecord> {
  /** How many runs a controller looks at. */
  int WINDOW = 20;

  /** The newest {@code limit} runs of {@code key}, newest first (unfinished ones included). */
  List<R> recent(RunKey key, int limit);

  /** The newest run of {@code key}, if it ever ran. */
  default Optional<R> latest(RunKey key) {
    return recent(key, 1).stream().findFirst();
  }

  /** Whether a run of {@code key} is recorded as not finished within the newest {@link #WINDOW}. */
  default boolean hasUnfinished(RunKey key) {
    return recent(key, WINDOW).stream().anyMatch(r -> !r.finished());
  }

  /** A ledger where nothing ever ran. */
  static <R extends RunRecord> RunLedger<R> none() {
    return (key, limit) -> List.of();
  }
}
