package dev.bulwark.core.verify;

import dev.bulwark.api.backup.BackupPolicy;
import java.util.Optional;

/** Runs verifies in the background for runtimes; at most one run per policy at a time. */
public interface VerifyExecutor extends AutoCloseable {

  /** The history the controllers read. */
  VerifyLedger ledger();

  /**
   * Starts a verify of {@code policy}'s repository unless one is active.
   *
   * @param trigger schedule, corrupt-snapshot or manual
   * @param onFinished runs after the run ended (e.g. to reconcile the policy again)
   * @return the running record, or empty when a run is active or the executor is closed
   */
  Optional<VerifyRecord> submit(
      BackupPolicy policy, Optional<String> namespace, String trigger, Runnable onFinished);

  /** Stops taking runs and waits briefly for the running ones. */
  @Override
  void close();
}
