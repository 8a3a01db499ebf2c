package dev.bulwark.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.engine.testing.TestingClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease within one process; DaemonLeaseIT (operator/cli) runs two daemons and kills one. */
class DaemonLeaseTest {
  private final TestingClock clock = TestingClock.at("2026-03-02T08:00:00Z");
  @TempDir Path root;

  @Test
  void oneHolderAtATimeAndTheNextTakesOverOnRelease() throws Exception {
    Path state = root.resolve("state");

    Optional<DaemonLease> first = DaemonLease.tryAcquire(state, clock);
    assertThat(first).isPresent();
    assertThat(first.get().file()).isEqualTo(state.resolve("daemon.lock").toAbsolutePath());
    assertThat(DaemonLease.tryAcquire(state, clock)).as("held").isEmpty();
    assertThat(DaemonLease.holder(state))
        .startsWith("pid=" + ProcessHandle.current().pid() + " host=")
        .endsWith(" since=2026-03-02T08:00:00Z");

    first.get().close();
    clock.advance(Duration.ofMinutes(1));
    Optional<DaemonLease> second = DaemonLease.tryAcquire(state, clock);
    assertThat(second).as("released").isPresent();
    assertThat(DaemonLease.holder(state)).endsWith("since=2026-03-02T08:01:00Z");
    second.get().close();
    assertThat(Files.exists(state.resolve("daemon.lock")))
        .as("the file stays; the lock is what counts")
        .isTrue();
  }

  @Test
  void anUnknownHolderIsSaidSo() {
    assertThat(DaemonLease.holder(root.resolve("nowhere"))).isEqualTo("unknown holder");
  }
}
