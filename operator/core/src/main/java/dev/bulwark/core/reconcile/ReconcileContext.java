package dev.bulwark.core.reconcile;

import java.time.Instant;

/**
 * What a controller observes besides the resource itself. Grows as controllers observe more (the
 * snapshot catalog, running jobs); adapters build it, tests build it with a fixed time.
 *
 * @param now the time of this reconcile (from the runtime's clock)
 * @param runtime which adapter is asking, for messages that differ by runtime (e.g. relative paths)
 * @param lookup the other resources the runtime serves, for references between them
 */
public record ReconcileContext(Instant now, Runtime runtime, ResourceLookup lookup) {

  /** The adapter that runs the controllers. */
  public enum Runtime {
    /** The compose shim over a watched directory. */
    COMPOSE,
    /** java-operator-sdk on a Kubernetes cluster. */
    KUBERNETES
  }
}
