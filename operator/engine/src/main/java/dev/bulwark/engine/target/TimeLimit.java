package dev.bulwark.engine.target;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs work against a store on a helper thread and waits for it at most a given time, so that a
 * store that stopped answering cannot hold the caller: used for the cleanup after a failed job and
 * for releasing a lock, where giving up is safe because the next job finishes what is left. Work
 * that runs out of time is not stopped (a blocked socket cannot be); it goes on in the background
 * until the store's own request timeouts end it.
 */
public final class TimeLimit {
  /** Work that may throw. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  private TimeLimit() {}

  /**
   * Runs {@code work} on a daemon thread named {@code name} and waits up to {@code limit}. An
   * interrupt of the caller (a cancel, a deadline) does not cut the wait short, since the wait is
   * bounded anyway and cleanup is what a cancel asks for; it is kept for the caller to see.
   *
   * @throws TimeoutException when the work did not end in time (it goes on in the background)
   * @throws Exception what the work threw
   */
  public static void run(String name, Duration limit, Work work) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                work.run();
                done.complete(null);
              } catch (Throwable t) {
                done.completeExceptionally(t);
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    long end = System.nanoTime() + Math.max(0, limit.toNanos());
    boolean interrupted = false;
    try {
      while (true) {
        try {
          done.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof Exception failure) {
            throw failure;
          }
          throw (Error) cause;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
