package dev.bulwark.core.verify;

import java.util.List;
import java.util.Optional;

/** Read access to the verify runs of policies, for controllers. */
@FunctionalInterface
public interface VerifyLedger {
  /** How many runs a controller looks at: the newest finished one is among them. */
  int WINDOW = 5;

  /** The newest runs of one policy's repository, newest first (a running one included). */
  List<VerifyRecord> recent(Optional<String> namespace, String policy);

  /** A ledger where no verify has run. */
  static VerifyLedger none() {
    return (namespace, policy) -> List.of();
  }
}
