package dev.bulwark.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM while {@code bulwark execute} runs (Kubernetes stopping the pod): asks the run to stop,
 * waits for the command to write its final record and result, then ends the process with the
 * command's own exit code (the JVM would otherwise exit 143 once its shutdown hooks return).
 */
final class ExecuteSignal implements AutoCloseable {
  /** How long SIGTERM waits for the run to end and its result to be written. */
  private static final long WAIT_SECONDS = 25;

  private final CountDownLatch written = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean signalled;
  private volatile int exitCode = -1;

  /** Installs the hook; {@code stop} asks the run to stop (it must return at once). */
  ExecuteSignal(String name, Runnable stop) {
    this.hook =
        new Thread(
            () -> {
              signalled = true;
              stop.run();
              try {
                if (written.await(WAIT_SECONDS, TimeUnit.SECONDS) && exitCode >= 0) {
                  System.out.flush();
                  System.err.flush();
                  Runtime.getRuntime().halt(exitCode);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Whether SIGTERM (or SIGINT) arrived. */
  boolean signalled() {
    return signalled;
  }

  /** The result is written: a waiting hook ends the process with {@code code}. */
  void written(int code) {
    exitCode = code;
    written.countDown();
  }

  /** Removes the hook, unless it is running (then it only waits for {@link #written}). */
  @Override
  public void close() {
    written.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it halts with the exit code given to written()
    }
  }
}
