package dev.bulwark.compose;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition for asynchronous behaviour: generous deadline, no sleeps as assertions. */
final class Awaits {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Awaits() {}

  /** Returns once {@code condition} holds; fails with {@code what} after {@link #TIMEOUT}. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "timed out after " + TIMEOUT.toSeconds() + " s waiting for: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
  }
}
