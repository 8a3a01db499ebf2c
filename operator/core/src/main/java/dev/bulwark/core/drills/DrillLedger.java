package dev.bulwark.core.drills;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Read access to drill history for controllers and the release gate. Reading never writes: a run a
 * dead process left running reads as running until the runtime recovers it through its executor.
 */
@FunctionalInterface
public interface DrillLedger {
  /** How many runs a controller looks at. */
  int WINDOW = 20;

  /** The newest runs of one drill, newest first (a running one included). */
  List<DrillRecord> recent(Optional<String> namespace, String drill);

  /**
   * When a drill of {@code policy} (any drill) last succeeded: the policy is proven to restore.
   * Empty when none ever did, or this ledger cannot tell.
   */
  default Optional<Instant> policyProvenAt(Optional<String> namespace, String policy) {
    return Optional.empty();
  }

  /** The ledger of the records in {@code store}. */
  static DrillLedger of(DrillStore store) {
    return new DrillLedger() {
      @Override
      public List<DrillRecord> recent(Optional<String> namespace, String drill) {
        return store.recent(namespace, drill, WINDOW);
      }

      @Override
      public Optional<Instant> policyProvenAt(Optional<String> namespace, String policy) {
        return store.provenAt(namespace, policy);
      }
    };
  }

  /** A ledger where no drill has run. */
  static DrillLedger none() {
    return (namespace, drill) -> List.of();
  }
}
