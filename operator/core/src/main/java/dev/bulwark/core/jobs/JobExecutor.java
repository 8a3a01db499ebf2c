package dev.bulwark.core.jobs;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.engine.progress.ProgressListener;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the jobs controllers ask for on a small thread pool, so reconciling never waits for a
 * backup. At most one job per policy is active here (the job lock covers other processes). On
 * {@link #close} running jobs are canceled, which ends them as canceled with their leftovers
 * cleaned, and the pool waits for them to record it.
 */
public final class JobExecutor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobExecutor.class);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final BackupJobRunner runner;
  private final ExecutorService pool;
  private final Map<String, JobControl> active = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** An executor running at most {@code threads} jobs (of different policies) at once. */
  public JobExecutor(BackupJobRunner runner, int threads) {
    this.runner = runner;
    AtomicInteger counter = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "bulwark-job-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
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
      if (jobs.active().isPresent() && !isActive(namespace, policy) && runner.recover(namespace, policy)) {
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
  public synchronized Optional<JobRecord> submit(
      BackupPolicy policy, Optional<String> namespace, JobOrder order, Runnable onFinished) {
    String key = namespace.orElse("") + "/" + policy.getMetadata().getName();
    if (closed || active.containsKey(key)) {
      return Optional.empty();
    }
    JobRecord pending = runner.enqueue(policy, namespace, order);
    JobControl control = new JobControl();
    active.put(key, control);
    pool.execute(
        () -> {
          try {
            runner.run(policy, pending, order, ProgressListener.NONE, control);
          } catch (RuntimeException | Error e) {
            LOG.error("job {} of {} ended unexpectedly", pending.jobId(), key, e);
          } finally {
            active.remove(key);
            try {
              onFinished.run();
            } catch (RuntimeException e) {
              LOG.error("after job {}: {}", pending.jobId(), e.getMessage(), e);
            }
          }
        });
    return Optional.of(pending);
  }

  /** Whether a job of that policy is active in this process. */
  public boolean isActive(Optional<String> namespace, String policy) {
    return active.containsKey(namespace.orElse("") + "/" + policy);
  }

  /** Cancels running jobs ("shutting down"), waits for them to record it, and stops the pool. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    active.values().forEach(control -> control.cancel("the operator is shutting down"));
    pool.shutdown();
    try {
      if (!pool.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("jobs still running {} s after the cancel; leaving them to the next start's recovery",
            SHUTDOWN_WAIT.toSeconds());
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
