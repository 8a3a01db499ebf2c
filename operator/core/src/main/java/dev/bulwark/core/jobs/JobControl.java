package dev.bulwark.core.jobs;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A handle to ask a running job to stop: a cancel (shutdown, SIGTERM) or its deadline. Either
 * records the reason and interrupts the job's thread; the runner then ends the job (canceled, or
 * failed for a deadline), cleans what it wrote, and still runs the post hooks.
 */
public final class JobControl {
  /** Why the job is asked to stop; the first request wins. */
  private record Stop(String reason, boolean deadline) {}

  private final AtomicReference<Stop> stop = new AtomicReference<>();
  private volatile Thread worker;

  /** Binds the handle to the thread running the job; called by the runner. */
  void attach(Thread thread) {
    this.worker = thread;
    if (stop.get() != null) {
      thread.interrupt();
    }
  }

  /** Detaches the thread once the job has ended, so a late cancel interrupts nothing. */
  void detach() {
    this.worker = null;
  }

  /** Asks the job to stop because of {@code why}; harmless after the job ended. */
  public void cancel(String why) {
    request(new Stop(why, false));
  }

  /**
   * Stops the job because it ran past its deadline ({@code why} says which); it ends as failed with
   * failure kind deadline, not as canceled. Harmless after the job ended or was canceled.
   */
  public void expire(String why) {
    request(new Stop(why, true));
  }

  private void request(Stop asked) {
    if (stop.compareAndSet(null, asked)) {
      Thread thread = worker;
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  /** Whether a cancel (or the deadline) asked the job to stop. */
  public boolean cancelRequested() {
    return stop.get() != null;
  }

  /** Whether the job was stopped by its deadline rather than canceled. */
  public boolean expired() {
    Stop s = stop.get();
    return s != null && s.deadline();
  }

  /** Why the job was asked to stop, or null. */
  public String cancelReason() {
    Stop s = stop.get();
    return s == null ? null : s.reason();
  }
}
