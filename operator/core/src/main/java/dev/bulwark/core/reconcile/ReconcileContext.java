package dev.bulwark.core.reconcile;

import dev.bulwark.core.jobs.JobLedger;
import java.time.Instant;

/**
 * What a controller observes besides the resource itself. Adapters build it; tests build it with a
 * fixed time.
 *
 * @param now the time of this reconcile (from the runtime's clock)
 * @param runtime which adapter is asking, for messages that differ by runtime (e.g. relative paths)
 * @param lookup the other resources the runtime serves, for references between them
 * @param jobs the job history of policies (the runtime's job executor writes it)
 */
public record ReconcileContext(Instant now, Runtime runtime, ResourceLookup lookup, JobLedger jobs) {

  /** A context where no job has ever run (validation-only runtimes, tests of specs). */
  public ReconcileContext(Instant now, Runtime runtime, ResourceLookup lookup) {
    this(now, runtime, lookup, JobLedger.none());
  }

  /** The adapter that runs the controllers. */
  public enum Runtime {
    /** The compose shim over a watched directory. */
    COMPOSE,
    /** java-operator-sdk on a Kubernetes cluster. */
    KUBERNETES
  }
}
