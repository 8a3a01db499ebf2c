package dev.bulwark.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertSinksTest {
  private static final Alert ALERT =
      new Alert(
          "BackupPolicy",
          Optional.empty(),
          "app",
          "Healthy",
          "False",
          "BackupFailing",
          "2 failures",
          true,
          Instant.parse("2026-03-01T10:15:30Z"),
          Optional.empty());

  @Test
  void everySinkGetsTheAlertEvenAfterOneThrows() {
    List<String> first = new ArrayList<>();
    List<String> last = new ArrayList<>();
    AlertSink broken =
        alert -> {
          throw new IllegalStateException("receiver gone");
        };

    try (CapturedLogs logs = new CapturedLogs(AlertSinks.class.getName())) {
      AlertSinks.all(a -> first.add(a.name()), broken, a -> last.add(a.name())).send(ALERT);

      assertThat(first).containsExactly("app");
      assertThat(last).containsExactly("app");
      assertThat(logs.lines())
          .singleElement()
          .asString()
          .startsWith("WARN alert sink")
          .contains("BackupPolicy/app Healthy=False", "IllegalStateException");
    }
  }
}
