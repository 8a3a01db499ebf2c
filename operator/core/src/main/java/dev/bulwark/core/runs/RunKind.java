package dev.bulwark.core.runs;

/**
 * What one kind of run gives the framework: how to record and do a run, where its records are, and
 * how to end the runs a dead process abandoned. Everything else (one run per key, threads,
 * shutdown, recovery only on request) is the executor's.
 *
 * @param <Q> what to run (the kind's request)
 * @param <R> the kind's record
 */
public interface RunKind<Q, R extends RunRecord> {

  /** The kind's word in thread names and log lines: job, drill, migration, replay. */
  String name();

  /**
   * Prepares a run of {@code request} for {@code key} on the caller's thread: records it as pending
   * when the kind does, so a runtime shows it (and starts no second one) before a thread is free.
   * If it throws, nothing starts.
   */
  PreparedRun<R> prepare(RunKey key, Q request);

  /** The kind's records, read only. */
  RunLedger<R> ledger();

  /**
   * Records as ended the unfinished runs of {@code key} that no live run owns, under the key's run
   * lock (which a dead process no longer holds).
   *
   * @return false when a live run holds the lock (nothing was changed)
   */
  boolean recover(RunKey key);
}
