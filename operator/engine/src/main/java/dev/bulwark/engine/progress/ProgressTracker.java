package dev.bulwark.engine.progress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts progress from many threads and forwards rate-limited samples to a {@link
 * ProgressListener}. Engines share one per operation.
 */
public final class ProgressTracker {
  private static final long INTERVAL_NANOS = 100_000_000L;

  private final ProgressListener listener;
  private final AtomicLong filesDone = new AtomicLong();
  private final AtomicLong filesTotal = new AtomicLong();
  private final AtomicLong bytesDone = new AtomicLong();
  private final AtomicLong bytesTotal = new AtomicLong();
  private final AtomicLong transferred = new AtomicLong();
  private final AtomicLong nextReport = new AtomicLong(System.nanoTime());
  private volatile Phase phase = Phase.PREPARING;
  private volatile boolean totalsFinal;

  public ProgressTracker(ProgressListener listener) {
    this.listener = listener == null ? ProgressListener.NONE : listener;
  }

  /** Enters {@code next} and tells the listener. */
  public void phase(Phase next) {
    phase = next;
    synchronized (this) {
      listener.phaseStarted(next);
    }
    report();
  }

  /** Adds to the totals. */
  public void addTotal(long files, long bytes) {
    filesTotal.addAndGet(files);
    bytesTotal.addAndGet(bytes);
    maybeReport();
  }

  /** Marks the totals as final. */
  public void totalsFinal() {
    totalsFinal = true;
    report();
  }

  /** Records work done. */
  public void advance(long files, long bytes) {
    filesDone.addAndGet(files);
    bytesDone.addAndGet(bytes);
    maybeReport();
  }

  /** Records bytes moved to or from the target. */
  public void transferred(long bytes) {
    transferred.addAndGet(bytes);
    maybeReport();
  }

  /** Bytes moved to or from the target so far. */
  public long bytesTransferred() {
    return transferred.get();
  }

  /** Sends a sample unless one was sent less than 100 ms ago. */
  public void maybeReport() {
    long now = System.nanoTime();
    long due = nextReport.get();
    if (now - due >= 0 && nextReport.compareAndSet(due, now + INTERVAL_NANOS)) {
      report();
    }
  }

  /** Sends a sample now. */
  public synchronized void report() {
    listener.progress(
        new Progress(
            phase,
            filesDone.get(),
            filesTotal.get(),
            bytesDone.get(),
            bytesTotal.get(),
            transferred.get(),
            totalsFinal));
  }
}
