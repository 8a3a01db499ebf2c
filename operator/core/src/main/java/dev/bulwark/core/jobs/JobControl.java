package dev.bulwark.core.jobs;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A handle to ask a running job to stop (shutdown, SIGTERM). Cancelling records the reason and
 * interrupts the job's thread; the runner then ends the job as canceled, cleans what it wrote, and
 * still runs the post hooks.
 */
public final class JobControl {
  private final AtomicReference<String> cancelReason = new AtomicReference<>();
  private volatile Thread worker;

  /** Binds the handle to the thread running the job; called by the runner. */
  void attach(Thread thread) {
    this.worker = thread;
    if (cancelReason.get() != null) {
      thread.interrupt();
    }
  }

  /** Detaches the thread once the job has ended, so a late cancel interrupts nothing. */
  void detach() {
    this.worker = null;
  }

  /** Asks the job to stop because of {@code why}; harmless after the job ended. */
  public void cancel(String why) {
    if (cancelReason.compareAndSet(null, why)) {
      Thread thread = worker;
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  /** Whether a cancel was asked for. */
  public boolean cancelRequested() {
    return cancelReason.get() != null;
  }

  /** Why the job was asked to stop, or null. */
  public String cancelReason() {
    return cancelReason.get();
  }
}
