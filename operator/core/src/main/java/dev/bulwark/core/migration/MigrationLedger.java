package dev.bulwark.core.migration;

import java.util.Optional;

/** Read access to migration runs for the MigrationPlan controller. */
@FunctionalInterface
public interface MigrationLedger {
  /**
   * The newest run of a plan. A run whose process died (kill -9) is returned finished, in phase
   * Failed with a message saying so: its journal makes the next run roll it back first.
   */
  Optional<MigrationRecord> latest(Optional<String> namespace, String plan);

  /** A ledger where no plan has run. */
  static MigrationLedger none() {
    return (namespace, plan) -> Optional.empty();
  }
}
