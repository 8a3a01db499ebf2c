package dev.bulwark.core.jobs;

import java.util.Optional;

/** Read access to job history for controllers; runtimes build it over a {@link JobStore}. */
@FunctionalInterface
public interface JobLedger {
  /** How many records a controller looks at: enough for retries, failure streaks and the status list. */
  int WINDOW = 20;

  /** The jobs of one policy. */
  PolicyJobs jobsOf(Optional<String> namespace, String policy);

  /** A ledger where no job has ever run, for runtimes that only validate. */
  static JobLedger none() {
    return (namespace, policy) -> PolicyJobs.NONE;
  }

  /** The ledger of the records in {@code store}. */
  static JobLedger of(JobStore store) {
    return (namespace, policy) ->
        new PolicyJobs(store.recent(namespace, policy, WINDOW), store.lifecycle(namespace, policy));
  }
}
