package dev.bulwark.core.jobs;

import java.util.List;
import java.util.Optional;

/**
 * What the controller knows of a policy's jobs: the facts of its whole history, the newest records
 * (newest first) and the last lifecycle reconcile of its target.
 *
 * @param recent the newest job records, newest first (active ones included), at most {@link
 *     JobLedger#WINDOW}: for the status' list of recent jobs, never for facts
 * @param lifecycle the last lifecycle reconcile, if any
 * @param history the facts of every job the policy ever ran, kept records and trimmed ones alike
 */
public record PolicyJobs(
    List<JobRecord> recent, Optional<LifecycleState> lifecycle, HistoryFacts history) {

  /** No job has run. */
  public static final PolicyJobs NONE =
      new PolicyJobs(List.of(), Optional.empty(), HistoryFacts.NONE);

  public PolicyJobs {
    recent = List.copyOf(recent);
    lifecycle = lifecycle == null ? Optional.empty() : lifecycle;
    history = history == null ? HistoryFacts.NONE : history;
  }

  /** The jobs of a history that is all in {@code recent} (tests, and stores that never trimmed). */
  public PolicyJobs(List<JobRecord> recent, Optional<LifecycleState> lifecycle) {
    this(recent, lifecycle, HistoryFacts.of(recent));
  }

  /** The job pending or running now, if any. */
  public Optional<JobRecord> active() {
    return recent.stream().filter(r -> !r.state().finished()).findFirst();
  }
}
