package dev.bulwark.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a long-running runtime in the foreground until SIGTERM or SIGINT, then closes it once and
 * lets the JVM exit. The JVM runs shutdown hooks on both signals, so that is where we close.
 */
final class UntilSignalled {
  private static final Logger LOG = LoggerFactory.getLogger(UntilSignalled.class);

  private UntilSignalled() {}

  /** Blocks the calling thread until the process is asked to stop; returns the exit code. */
  static int serve(String what, AutoCloseable runtime) {
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              LOG.info("{}: stopping", what);
              try {
                runtime.close();
                // Logged here: once the hooks finish the JVM halts, before the main thread resumes.
                LOG.info("{}: stopped", what);
              } catch (Exception e) {
                LOG.warn("{}: error while stopping: {}", what, e.toString());
              } finally {
                closed.countDown();
              }
            },
            "bulwark-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
