package dev.bulwark.core.overview;

import java.time.Instant;
import java.util.List;

/**
 * What a runtime serves, read on demand by the status page and the metrics. Implementations read
 * their runtime's own record (compose: the status files and gate.json; Kubernetes: the operator's
 * informer caches), are safe to call from any thread, and never fail: a resource that cannot be
 * read is left out (and logged by the implementation).
 */
public interface ServedResources {
  /** Every resource, BackupPolicies first, then by name. */
  List<ResourceView> resources();

  /**
   * The release gates, evaluated again at {@code now}; empty while the runtime has decided none.
   */
  List<GateView> gates(Instant now);

  /** Nothing served: for runtimes that have not started. */
  static ServedResources none() {
    return new ServedResources() {
      @Override
      public List<ResourceView> resources() {
        return List.of();
      }

      @Override
      public List<GateView> gates(Instant now) {
        return List.of();
      }
    };
  }
}
