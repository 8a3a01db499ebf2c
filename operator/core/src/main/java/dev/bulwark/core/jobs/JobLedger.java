package dev.bulwark.core.jobs;

import java.util.Optional;

/** Read access to job history for controllers; runtimes build it over a {@link JobStore}. */
@FunctionalInterface
public interface JobLedger {
  /**
   * How many of the newest records a ledger lists in {@link PolicyJobs#recent()}: enough for the
   * status' list of recent jobs. Facts (last full, last failure, streaks, rates) come from {@link
   * PolicyJobs#history()}, which covers every job however many there were.
   */
  int WINDOW = 20;

  /** The jobs of one policy. */
  PolicyJobs jobsOf(Optional<String> namespace, String policy);

  /** A ledger where no job has ever run, for runtimes that only validate. */
  static JobLedger none() {
    return (namespace, policy) -> PolicyJobs.NONE;
  }

  /** The ledger of the records in {@code store}. */
  static JobLedger of(JobStore store) {
    return store::jobs;
  }
}
