package dev.bulwark.core.replay;

import java.util.Optional;

/** The newest run of a ReplayPlan, as the controller shows it in the status. */
public interface ReplayLedger {
  /** The newest run record of {@code plan}; empty when it never ran. */
  Optional<ReplayRunRecord> latest(Optional<String> namespace, String plan);

  /** A ledger where no plan has run. */
  static ReplayLedger none() {
    return (namespace, plan) -> Optional.empty();
  }
}
