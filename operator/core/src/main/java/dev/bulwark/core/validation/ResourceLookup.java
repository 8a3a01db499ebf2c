package dev.bulwark.core.validation;

import dev.bulwark.api.backup.BackupPolicy;
import java.util.Optional;

/**
 * Read access to the other resources a runtime serves, for cross-references (a RestoreDrill's
 * {@code policyRef}). The compose shim answers from the loaded directory, the Kubernetes runtime
 * from its informer cache.
 */
public interface ResourceLookup {

  /** The BackupPolicy of that name in that namespace (compose mode: namespace is ignored). */
  Optional<BackupPolicy> backupPolicy(String namespace, String name);

  /** A lookup that finds nothing, for tests and for kinds without references. */
  static ResourceLookup empty() {
    return (namespace, name) -> Optional.empty();
  }
}
