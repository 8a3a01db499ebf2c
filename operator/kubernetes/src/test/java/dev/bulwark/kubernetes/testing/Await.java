package dev.bulwark.kubernetes.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until the stand-in cluster reaches a state, failing with the last value seen. */
public final class Await {
  /** Generous: a pod here starts a process in a sandbox; a busy CI machine takes longer. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Await() {}

  /** Returns the first value that matches, or fails after {@link #TIMEOUT}. */
  public static <T> T value(String what, Supplier<T> probe, Predicate<? super T> done) {
    return value(what, TIMEOUT, probe, done);
  }

  /** Returns the first value that matches, or fails after {@code timeout}. */
  public static <T> T value(
      String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
    Instant deadline = Instant.now().plus(timeout);
    T last = probe.get();
    while (!done.test(last)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "Timed out after " + timeout + " waiting for " + what + "; last: " + last);
      }
      sleep();
      last = probe.get();
    }
    return last;
  }

  /** Returns once the condition holds, or fails after {@link #TIMEOUT}. */
  public static void until(String what, BooleanSupplier condition) {
    value(what, condition::getAsBoolean, Boolean::booleanValue);
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting", e);
    }
  }
}
