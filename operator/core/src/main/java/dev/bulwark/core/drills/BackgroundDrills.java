package dev.bulwark.core.drills;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.drill.RestoreDrill;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DrillExecutor} of both runtimes: drills run on a small thread pool through a {@link
 * DrillRunner}, at most one run per drill here (the run lock covers other processes), and the
 * ledger reads the runner's {@link DrillStore}.
 */
public final class BackgroundDrills implements DrillExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundDrills.class);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);
  private static final String ACTOR = "controller";

  private final DrillRunner runner;
  private final ExecutorService pool;
  private final Set<String> active = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** An executor running at most {@code threads} drills (of different RestoreDrills) at once. */
  public BackgroundDrills(DrillRunner runner, int threads) {
    this.runner = runner;
    AtomicInteger counter = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "bulwark-drill-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * The runner's history. A run still recorded as running that this executor is not running was
   * left by a process that died: it is ended as failed ("interrupted") first, when no live run
   * holds the drill's lock, so it never blocks the drill's cadence.
   */
  @Override
  public DrillLedger ledger() {
    return (namespace, drill) -> {
      List<DrillRecord> recent = runner.store().recent(namespace, drill, DrillLedger.WINDOW);
      boolean unfinished = recent.stream().anyMatch(r -> !r.finished());
      if (unfinished && !isActive(namespace, drill) && runner.recover(namespace, drill)) {
        return runner.store().recent(namespace, drill, DrillLedger.WINDOW);
      }
      return recent;
    };
  }

  @Override
  public synchronized Optional<DrillRecord> submit(
      RestoreDrill drill, BackupPolicy policy, Optional<String> namespace, String trigger, Runnable onFinished) {
    String name = drill.getMetadata().getName();
    String key = key(namespace, name);
    if (closed || active.contains(key)) {
      return Optional.empty();
    }
    DrillRecord running;
    try {
      running = runner.begin(drill, policy, namespace, trigger, ACTOR);
    } catch (RuntimeException e) {
      LOG.error("RestoreDrill/{}: cannot record a new run: {}", name, e.getMessage());
      return Optional.empty();
    }
    active.add(key);
    pool.execute(() -> {
      try {
        runner.run(drill, policy, running);
      } catch (RuntimeException | Error e) {
        LOG.error("drill run {} of {} ended unexpectedly", running.runId(), key, e);
      } finally {
        active.remove(key);
        try {
          onFinished.run();
        } catch (RuntimeException e) {
          LOG.error("after drill run {}: {}", running.runId(), e.getMessage(), e);
        }
      }
    });
    return Optional.of(running);
  }

  /** Whether a run of that drill is active in this process. */
  public boolean isActive(Optional<String> namespace, String drill) {
    return active.contains(key(namespace, drill));
  }

  /** Takes no new runs and waits briefly; runs still going then are interrupted (they record a failure). */
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
        LOG.warn("drills still running {} s after shutdown began; interrupting them", SHUTDOWN_WAIT.toSeconds());
        pool.shutdownNow();
        pool.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static String key(Optional<String> namespace, String drill) {
    return namespace.orElse("") + "/" + drill;
  }
}
