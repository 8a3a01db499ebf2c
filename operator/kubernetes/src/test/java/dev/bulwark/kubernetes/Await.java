package dev.bulwark.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until the asynchronous operator reaches a state, failing with the last value seen. */
public final class Await {
  /** Generous: a reconcile on the mock server takes milliseconds, a busy CI machine longer. */
  public static final Duration TIMEOUT = Duration.ofSeconds(15);

  private static final Duration POLL = Duration.ofMillis(100);

  private Await() {}

  /** Returns the first value that matches, or fails after {@link #TIMEOUT}. */
  public static <T> T until(String what, Supplier<T> probe, Predicate<? super T> done) {
    return until(what, TIMEOUT, probe, done);
  }

  /** Returns the first value that matches, or fails after {@code timeout}. */
  public static <T> T until(
      String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
    Instant deadline = Instant.now().plus(timeout);
    T last = probe.get();
    while (last == null || !done.test(last)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "Timed out after " + timeout + " waiting for " + what + "; last: " + last);
      }
      sleep(POLL);
      last = probe.get();
    }
    return last;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting", e);
    }
  }
}
