package dev.bulwark.core.drills;

import java.util.List;
import java.util.Optional;

/** Read access to drill history for controllers and the release gate. */
@FunctionalInterface
public interface DrillLedger {
  /** How many runs a controller looks at. */
  int WINDOW = 20;

  /** The newest runs of one drill, newest first (a running one included). */
  List<DrillRecord> recent(Optional<String> namespace, String drill);

  /** A ledger where no drill has run. */
  static DrillLedger none() {
    return (namespace, drill) -> List.of();
  }
}
