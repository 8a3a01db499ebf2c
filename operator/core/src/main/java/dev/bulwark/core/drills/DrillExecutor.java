package dev.bulwark.core.drills;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.drill.RestoreDrill;
import java.util.Optional;

/** Runs drills in the background for runtimes; at most one run per drill at a time. */
public interface DrillExecutor extends AutoCloseable {

  /** The history the controllers read. */
  DrillLedger ledger();

  /**
   * Starts a run of {@code drill} against {@code policy} unless one is active.
   *
   * @param trigger schedule or manual
   * @param onFinished runs after the run ended (e.g. to reconcile the drill again)
   * @return the running record, or empty when a run is active or the executor is closed
   */
  Optional<DrillRecord> submit(
      RestoreDrill drill,
      BackupPolicy policy,
      Optional<String> namespace,
      String trigger,
      Runnable onFinished);

  /** Stops taking runs and waits briefly for the running ones. */
  @Override
  void close();
}
