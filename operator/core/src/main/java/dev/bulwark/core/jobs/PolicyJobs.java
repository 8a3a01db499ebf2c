package dev.bulwark.core.jobs;

import java.util.List;
import java.util.Optional;

/**
 * What the controller knows of a policy's jobs: the newest records (newest first) and the last
 * lifecycle reconcile of its target.
 *
 * @param recent the newest job records, newest first (active ones included)
 * @param lifecycle the last lifecycle reconcile, if any
 */
public record PolicyJobs(List<JobRecord> recent, Optional<LifecycleState> lifecycle) {

  /** No job has run. */
  public static final PolicyJobs NONE = new PolicyJobs(List.of(), Optional.empty());

  public PolicyJobs {
    recent = List.copyOf(recent);
    lifecycle = lifecycle == null ? Optional.empty() : lifecycle;
  }

  /** The job pending or running now, if any. */
  public Optional<JobRecord> active() {
    return recent.stream().filter(r -> !r.state().finished()).findFirst();
  }
}
