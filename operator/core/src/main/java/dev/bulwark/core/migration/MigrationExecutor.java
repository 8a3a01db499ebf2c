package dev.bulwark.core.migration;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.core.jobs.JobOrder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the migrations controllers ask for on one background thread, so reconciling never waits for
 * a run; at most one run per plan is active here (the run lock covers other processes). A run is
 * not interruptible halfway: {@link #close} waits for it, and a run cut short by the process
 * ending is rolled back by the plan's next run through its journal.
 */
public final class MigrationExecutor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationExecutor.class);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final MigrationRunner runner;
  private final Clock clock;
  private final ExecutorService pool;
  private final Map<String, Boolean> active = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** An executor of {@code runner}'s runs. */
  public MigrationExecutor(MigrationRunner runner, Clock clock) {
    this.runner = runner;
    this.clock = clock;
    this.pool = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "bulwark-migration");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * The run history the MigrationPlan controller reads. A record still running that no thread here
   * runs, written by this very process, belongs to a run whose thread died: it reads as interrupted.
   */
  public MigrationLedger ledger() {
    MigrationStore store = runner.store();
    return (namespace, plan) -> store.latest(namespace, plan).map(record -> {
      boolean ours = record.pid() != null && record.pid() == ProcessHandle.current().pid();
      if (!record.finished() && ours && !isActive(namespace, plan)) {
        return record.interruptedAt(clock.instant());
      }
      return record;
    });
  }

  /**
   * Starts a run of {@code plan} for spec generation {@code generation} unless one is active here.
   *
   * @param onFinished runs after the run ended (e.g. to reconcile the plan again)
   * @return false when a run of the plan is active or the executor is closed
   */
  public synchronized boolean submit(
      MigrationPlan plan, BackupPolicy policy, Optional<String> namespace, long generation, Runnable onFinished) {
    String key = key(namespace, plan.getMetadata().getName());
    if (closed || active.putIfAbsent(key, Boolean.TRUE) != null) {
      return false;
    }
    MigrationRequest request = new MigrationRequest(
        plan, policy, namespace, false, "controller", JobOrder.CONTROLLER, Optional.of(generation));
    pool.execute(() -> {
      try {
        runner.run(request);
      } catch (RuntimeException | Error e) {
        LOG.error("migration of {} ended unexpectedly", key, e);
      } finally {
        active.remove(key);
        try {
          onFinished.run();
        } catch (RuntimeException e) {
          LOG.error("after the migration of {}: {}", key, e.getMessage(), e);
        }
      }
    });
    return true;
  }

  /** Whether a run of that plan is active in this process. */
  public boolean isActive(Optional<String> namespace, String plan) {
    return active.containsKey(key(namespace, plan));
  }

  /** Takes no more runs and waits for the running one to end. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    pool.shutdown();
    try {
      if (!pool.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("a migration is still running {} s after shutdown began; its journal lets the next run roll it back",
            SHUTDOWN_WAIT.toSeconds());
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static String key(Optional<String> namespace, String plan) {
    return namespace.orElse("") + "/" + plan;
  }
}
