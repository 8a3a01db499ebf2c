package dev.bulwark.core.runs;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small pool of daemon threads that runs background work (the runs of one kind, for {@link
 * InProcessRunExecutor}) with at most one run per key (a policy, a drill, a plan) in this process,
 * so reconciling never waits for the work and never starts a second run of the same resource.
 * {@link #close} takes no new runs and waits a bounded time for the running ones.
 */
final class RunsByKey implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunsByKey.class);

  private final String what;
  private final Duration shutdownWait;
  private final ExecutorService pool;
  private final Set<String> active = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * A pool of {@code threads} threads named {@code bulwark-<what>-N}.
   *
   * @param shutdownWait how long {@link #close} waits for running work before interrupting it
   */
  RunsByKey(String what, int threads, Duration shutdownWait) {
    this.what = what;
    this.shutdownWait = shutdownWait;
    AtomicInteger counter = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "bulwark-" + what + "-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts a run under {@code key} unless one is active or the pool is closed. {@code prepare} is
   * called only then, on the caller's thread (e.g. to record the run as pending), and returns the
   * work; if it throws, nothing starts. {@code onFinished} runs after the work, whatever happened.
   *
   * @return whether a run started
   */
  synchronized boolean start(String key, Supplier<Runnable> prepare, Runnable onFinished) {
    if (closed || !active.add(key)) {
      return false;
    }
    Runnable work;
    try {
      work = prepare.get();
    } catch (RuntimeException e) {
      active.remove(key);
      throw e;
    }
    pool.execute(
        () -> {
          try {
            work.run();
          } catch (RuntimeException | Error e) {
            LOG.error("{} run of {} ended unexpectedly", what, key, e);
          } finally {
            active.remove(key);
            try {
              onFinished.run();
            } catch (RuntimeException e) {
              LOG.error("after the {} run of {}: {}", what, key, e.getMessage(), e);
            }
          }
        });
    return true;
  }

  /** Whether a run under {@code key} is active in this process. */
  boolean isActive(String key) {
    return active.contains(key);
  }

  /**
   * Takes no new runs; waits up to the shutdown wait for the running ones, then interrupts them.
   */
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
      if (!pool.awaitTermination(shutdownWait.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "{} runs still going {} s after shutdown began; interrupting them",
            what,
            shutdownWait.toSeconds());
        pool.shutdownNow();
        pool.awaitTermination(shutdownWait.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
