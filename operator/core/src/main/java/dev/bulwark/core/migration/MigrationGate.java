package dev.bulwark.core.migration;

import java.util.Optional;

/** The release gate as a migration sees it: open, or blocked for a reason. */
@FunctionalInterface
public interface MigrationGate {
  /** Why migrations may not run now; empty when the gate is open. */
  Optional<String> blockedReason();

  /** A gate that is always open (plans with {@code requireGate: false}, tests). */
  static MigrationGate open() {
    return Optional::empty;
  }
}
