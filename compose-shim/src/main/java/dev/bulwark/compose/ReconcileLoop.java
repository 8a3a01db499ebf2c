package dev.bulwark.compose;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's one worker thread and its time-ordered queue. It runs directory scans (debounced
 * after file events, and periodically) and requeues (when a resource's requeue time comes), one at
 * a time, so statuses are never written concurrently. Debounce and rescans use the monotonic system
 * timer; requeue times use the runtime's {@link Clock}, which it re-reads at least once a second so
 * a test clock moved forward is noticed. After every task, and at least every {@link
 * #SETTLE_INTERVAL}, it runs the settle step (the release gate), so what depends on all statuses
 * follows each change.
 */
final class ReconcileLoop implements AutoCloseable, StatusRecorder.Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

  /** A burst of events never postpones a scan by more than this many debounce periods. */
  private static final int MAX_DEBOUNCE_PERIODS = 8;

  private static final Duration MAX_CLOCK_WAIT = Duration.ofSeconds(1);

  /** The settle step runs at least this often even when nothing else happens. */
  static final Duration SETTLE_INTERVAL = Duration.ofSeconds(15);

  /** What the loop runs; implementations must not block on the loop itself. */
  interface Work {
    /** Reads the directory and reconciles what changed. */
    void scan();

    /** Reconciles one resource whose requeue time has come. */
    void requeue(ResourceKey key);
  }

  /** A requeue, ordered by time then key so equal times run in a stable order. */
  private record Due(Instant at, ResourceKey key) {}

  private final Clock clock;
  private final long debounceNanos;
  private final long rescanNanos;
  private Work work;
  private Runnable settle;
  private long nextSettleNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private final TreeSet<Due> queue =
      new TreeSet<>(Comparator.comparing(Due::at).thenComparing(Due::key));
  private final Map<ResourceKey, Due> dueByKey = new HashMap<>();
  private boolean scanRequested;
  private long scanDueNanos;
  private long firstRequestNanos;
  private long nextRescanNanos;
  private boolean running;
  private Thread thread;

  ReconcileLoop(Clock clock, Duration debounce, Duration rescanInterval) {
    this.clock = clock;
    this.debounceNanos = debounce.toNanos();
    this.rescanNanos = rescanInterval.toNanos();
  }

  /**
   * Starts the worker thread on {@code work}, running {@code settle} after every task and at least
   * every {@link #SETTLE_INTERVAL}; the first periodic rescan comes one interval from now.
   */
  void start(Work work, Runnable settle) {
    lock.lock();
    try {
      this.work = work;
      this.settle = settle;
      running = true;
      nextRescanNanos = System.nanoTime() + rescanNanos;
      nextSettleNanos = System.nanoTime() + SETTLE_INTERVAL.toNanos();
      thread = new Thread(this::run, "bulwark-reconcile");
      thread.setDaemon(true);
      thread.start();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the worker thread is running (for the liveness probe). */
  boolean isAlive() {
    lock.lock();
    try {
      return running && thread != null && thread.isAlive();
    } finally {
      lock.unlock();
    }
  }

  /** Asks for a scan once things have been quiet for the debounce period. */
  void requestScan() {
    lock.lock();
    try {
      long now = System.nanoTime();
      if (!scanRequested) {
        scanRequested = true;
        firstRequestNanos = now;
      }
      long latest = firstRequestNanos + MAX_DEBOUNCE_PERIODS * debounceNanos;
      scanDueNanos = Math.min(now + debounceNanos, latest);
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Reconciles {@code key} when the clock reaches {@code at}, replacing any earlier request. */
  @Override
  public void schedule(ResourceKey key, Instant at) {
    lock.lock();
    try {
      Due previous = dueByKey.put(key, new Due(at, key));
      if (previous != null) {
        queue.remove(previous);
      }
      queue.add(dueByKey.get(key));
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Drops the pending requeue of {@code key}, if any. */
  @Override
  public void cancel(ResourceKey key) {
    lock.lock();
    try {
      Due previous = dueByKey.remove(key);
      if (previous != null) {
        queue.remove(previous);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops the thread after the task in flight (if any) has finished. Safe to call twice. */
  @Override
  public void close() {
    Thread worker;
    lock.lock();
    try {
      running = false;
      wakeUp.signalAll();
      worker = thread;
      thread = null;
    } finally {
      lock.unlock();
    }
    if (worker != null && worker != Thread.currentThread()) {
      boolean interrupted = false;
      while (worker.isAlive()) {
        try {
          worker.join();
        } catch (InterruptedException e) {
          interrupted = true; // keep waiting: leaving mid-reconcile could cut a status write short
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    while (true) {
      Runnable task = next();
      if (task == null) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        // Whatever happened, the loop keeps serving; the task logged what it could.
        LOG.error("reconcile loop task failed; continuing", e);
      }
      try {
        settle.run();
      } catch (RuntimeException | Error e) {
        LOG.error("settling after a reconcile failed; continuing", e);
      }
    }
  }

  /** Waits for the next task; null when the loop is stopping. */
  private Runnable next() {
    lock.lock();
    try {
      while (running) {
        long now = System.nanoTime();
        if ((scanRequested && now - scanDueNanos >= 0) || now - nextRescanNanos >= 0) {
          scanRequested = false;
          nextRescanNanos = now + rescanNanos;
          return work::scan;
        }
        Instant time = clock.instant();
        if (!queue.isEmpty() && !queue.first().at().isAfter(time)) {
          Due due = queue.pollFirst();
          dueByKey.remove(due.key());
          return () -> work.requeue(due.key());
        }
        if (now - nextSettleNanos >= 0) {
          nextSettleNanos = now + SETTLE_INTERVAL.toNanos();
          return () -> {}; // nothing to reconcile: only the settle step that follows every task
        }
        long wait = Math.min(nextRescanNanos - now, nextSettleNanos - now);
        if (scanRequested) {
          wait = Math.min(wait, scanDueNanos - now);
        }
        if (!queue.isEmpty()) {
          Duration untilDue = Duration.between(time, queue.first().at());
          wait =
              Math.min(
                  wait,
                  (untilDue.compareTo(MAX_CLOCK_WAIT) > 0 ? MAX_CLOCK_WAIT : untilDue).toNanos());
        }
        try {
          wakeUp.awaitNanos(Math.max(wait, 1));
        } catch (InterruptedException e) {
          // Only close() stops the loop; a stray interrupt must not silently end reconciling.
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
  }
}
