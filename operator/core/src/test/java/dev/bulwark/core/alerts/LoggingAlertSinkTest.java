package dev.bulwark.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoggingAlertSinkTest {
  private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

  @Test
  void warningsLogAtWarnAndRecoveriesAtInfo() {
    try (CapturedLogs logs = new CapturedLogs(LoggingAlertSink.class.getName())) {
      LoggingAlertSink sink = new LoggingAlertSink();
      sink.send(
          new Alert(
              "BackupPolicy",
              Optional.empty(),
              "app",
              "Fresh",
              "False",
              "NoRecentBackup",
              "no successful incremental in 10 minutes",
              true,
              AT,
              Optional.empty()));
      sink.send(
          new Alert(
              "BackupPolicy",
              Optional.of("prod"),
              "app",
              "Fresh",
              "True",
              "BackupSucceeded",
              "incremental succeeded",
              false,
              AT,
              Optional.of("https://hooks.example.com/T/B/x")));

      assertThat(logs.lines())
          .containsExactly(
              "WARN ALERT BackupPolicy/app Fresh=False (NoRecentBackup): no successful incremental"
                  + " in 10 minutes",
              "INFO ALERT BackupPolicy/prod/app Fresh=True (BackupSucceeded): incremental"
                  + " succeeded");
    }
  }

  @Test
  void aMultiLineMessageStaysOnOneLine() {
    Alert alert =
        new Alert(
            "RestoreDrill",
            Optional.empty(),
            "weekly",
            "Succeeded",
            "False",
            "VerifyFailed",
            "2 files differ:\r\n a.txt\n b.txt",
            true,
            AT,
            Optional.empty());

    assertThat(LoggingAlertSink.line(alert))
        .isEqualTo(
            "ALERT RestoreDrill/weekly Succeeded=False (VerifyFailed): 2 files differ: a.txt"
                + " b.txt");
  }
}
