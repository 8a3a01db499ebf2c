package dev.bulwark.core.jobs;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.core.RunsByKey;
import dev.bulwark.engine.progress.ProgressListener;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the jobs controllers ask for on a small thread pool, so reconciling never waits for a
 * backup. At most one job per policy is active here (the job lock covers other processes). On
 * {@link #close} running jobs are canceled, which ends them as canceled with their leftovers
 * cleaned, and the pool waits for them to record it.
 */
public final class JobExecutor implements AutoCloseable {
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final BackupJobRunner runner;
  private final RunsByKey runs;
  private final Map<String, JobControl> controls = new ConcurrentHashMap<>();

  /** An executor running at most {@code threads} jobs (of different policies) at once. */
  public JobExecutor(BackupJobRunner runner, int threads) {
    this.runner = runner;
    this.runs = new RunsByKey("job", threads, SHUTDOWN_WAIT);
  }

  /**
   * The runner's history, for the controllers' ledger. An unfinished job that this executor is not
   * running was left by a process that died (kill -9 during a job): it is recorded as canceled
   * first, when no live job holds the policy's lock, so it never blocks the cadence.
   */
  public JobLedger ledger() {
    JobLedger stored = JobLedger.of(runner.store());
    return (namespace, policy) -> {
      PolicyJobs jobs = stored.jobsOf(namespace, policy);
      if (jobs.active().isPresent()
          && !isActive(namespace, policy)
          && runner.recover(namespace, policy)) {
        return stored.jobsOf(namespace, policy);
      }
      return jobs;
    };
  }

  /**
   * Records and starts a job of {@code policy} unless one is active here already; {@code
   * onFinished} runs after it ended (e.g. to reconcile the policy again).
   *
   * @return the pending record, or empty when a job of the policy is active or the executor closed
   */
  public Optional<JobRecord> submit(
      BackupPolicy policy, Optional<String> namespace, JobOrder order, Runnable onFinished) {
    String key = RunsByKey.key(namespace, policy.getRef().name());
    AtomicReference<JobRecord> pending = new AtomicReference<>();
    boolean started =
        runs.start(
            key,
            () -> {
              pending.set(runner.enqueue(policy, namespace, order));
              JobControl control = new JobControl();
              controls.put(key, control);
              return () -> {
                try {
                  runner.run(policy, pending.get(), order, ProgressListener.NONE, control);
                } finally {
                  controls.remove(key);
                }
              };
            },
            onFinished);
    return started ? Optional.of(pending.get()) : Optional.empty();
  }

  /** Whether a job of that policy is active in this process. */
  public boolean isActive(Optional<String> namespace, String policy) {
    return runs.isActive(RunsByKey.key(namespace, policy));
  }

  /** Cancels running jobs ("shutting down"), waits for them to record it, and stops the pool. */
  @Override
  public void close() {
    controls.values().forEach(control -> control.cancel("the operator is shutting down"));
    runs.close();
  }
}
