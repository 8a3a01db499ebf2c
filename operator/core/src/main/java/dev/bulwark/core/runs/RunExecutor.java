package dev.bulwark.core.runs;

import java.util.Optional;

/**
 * The port through which runtimes start runs of one kind. The in-process implementation ({@link
 * InProcessRunExecutor}) runs them on threads of this process; another (e.g. Kubernetes Jobs) can
 * run them elsewhere without any change in the controllers, which only read a ledger and return
 * actions.
 *
 * @param <Q> what to run (the kind's request)
 * @param <R> the kind's record
 */
public interface RunExecutor<Q, R extends RunRecord> extends AutoCloseable {

  /**
   * Starts a run of {@code request} for {@code key} unless one of that key is active, or the
   * executor is closed.
   *
   * @param onFinished runs after the run ended (e.g. to reconcile its owner again)
   * @return the start (with the record written before it, for kinds that record one), or empty when
   *     refused
   */
  Optional<Started<R>> submit(RunKey key, Q request, Runnable onFinished);

  /** Whether a run of {@code key} is active in this executor. */
  boolean isActive(RunKey key);

  /**
   * Ends the runs of {@code key} that a process which died left unfinished, recording them the
   * kind's way (a job canceled, a drill failed as interrupted), when no live run holds the key.
   * This is the only place where abandoned runs are recovered: ledgers never write.
   *
   * @return whether something was recovered
   */
  boolean recoverAbandoned(RunKey key);

  /**
   * Asks the active run of {@code key} to stop (a suspended policy, a deleted resource); the run
   * records itself as canceled with {@code why}, as its kind records cancellation.
   *
   * @return whether a run of {@code key} was active here and was asked to stop
   */
  default boolean cancel(RunKey key, String why) {
    return false;
  }

  /** Takes no new runs and stops or waits for the running ones, as the implementation says. */
  @Override
  void close();

  /**
   * A run that started.
   *
   * @param key its owner
   * @param record the record written before it started; empty for kinds that record on the run's
   *     own thread
   */
  record Started<R>(RunKey key, Optional<R> record) {}
}
