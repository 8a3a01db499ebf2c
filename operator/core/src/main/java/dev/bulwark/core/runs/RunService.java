package dev.bulwark.core.runs;

/**
 * One kind's runs as a runtime holds them: the executor that starts them and the read-only ledger
 * its controller reads (in the kind's own shape, e.g. a policy's job facts).
 *
 * @param executor starts runs and recovers abandoned ones
 * @param ledger what the controller reads; never writes
 * @param <Q> what to run
 * @param <R> the kind's record
 * @param <L> the kind's ledger
 */
public record RunService<Q, R extends RunRecord, L>(RunExecutor<Q, R> executor, L ledger)
    implements AutoCloseable {

  /** Closes the executor. */
  @Override
  public void close() {
    executor.close();
  }
}
