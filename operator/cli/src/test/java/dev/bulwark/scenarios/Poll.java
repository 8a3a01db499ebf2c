package dev.bulwark.scenarios;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Polls a probe until it yields a value, failing with a description after a generous deadline. */
final class Poll {
  private Poll() {}

  static <T> T until(String what, Callable<Optional<T>> probe) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      Optional<T> value = probe.call();
      if (value.isPresent()) {
        return value.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
