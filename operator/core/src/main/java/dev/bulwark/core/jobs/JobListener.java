package dev.bulwark.core.jobs;

/** Told about every job that ends (metrics, the runtime's next reconcile); must not throw. */
@FunctionalInterface
public interface JobListener {

  /** Called once per job, after its final record and audit line are written. */
  void jobFinished(JobOutcome outcome);

  /** A listener that does nothing. */
  static JobListener none() {
    return outcome -> {};
  }
}
