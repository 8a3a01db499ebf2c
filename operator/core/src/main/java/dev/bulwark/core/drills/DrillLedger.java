package dev.bulwark.core.drills;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Read access to drill history for controllers and the release gate. */
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

  /** A ledger where no drill has run. */
  static DrillLedger none() {
    return (namespace, drill) -> List.of();
  }
}
