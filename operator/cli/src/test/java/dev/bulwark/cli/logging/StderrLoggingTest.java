package dev.bulwark.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** The executable's log: one line per event on stderr, as text or JSON, at the chosen level. */
class StderrLoggingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Logger log = LoggerFactory.getLogger("dev.bulwark.core.jobs.BackupJobRunner");

  @AfterEach
  void defaults() {
    LogSettings.reset();
  }

  private static String captured(Runnable logging) {
    PrintStream err = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
      logging.run();
    } finally {
      System.setErr(err);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void thisBackendIsTheOneSlf4jFound() {
    assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(StderrLoggerFactory.class);
  }

  @Test
  void textLinesNameTheTimeLevelAndClass() {
    String line = captured(() -> log.info("job {} succeeded", "20261204T170451Z-f0019c"));

    assertThat(line)
        .matches(
            "\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\[INFO] BackupJobRunner - job 20261204T170451Z-f0019c succeeded\\R");
  }

  @Test
  void jsonLinesAreOneObjectEachWithTheStackTraceAsAField() throws Exception {
    LogSettings.format(LogFormat.JSON);

    String out =
        captured(
            () -> {
              log.warn("target \"s3\" unreachable\nretrying");
              log.error("job failed", new IllegalStateException("boom"));
            });

    List<String> lines = out.lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode warning = JSON.readTree(lines.get(0));
    assertThat(warning.get("level").asText()).isEqualTo("WARN");
    assertThat(warning.get("logger").asText()).isEqualTo("dev.bulwark.core.jobs.BackupJobRunner");
    assertThat(warning.get("message").asText()).isEqualTo("target \"s3\" unreachable\nretrying");
    assertThat(warning.get("time").asText()).endsWith("Z");
    assertThat(JSON.readTree(lines.get(1)).get("error").asText())
        .startsWith("java.lang.IllegalStateException: boom");
  }

  @Test
  void quietKeepsWarningsAndVerboseAddsDebug() {
    LogSettings.level(Level.WARN);
    assertThat(
            captured(
                () -> {
                  log.info("hidden");
                  log.warn("shown");
                }))
        .doesNotContain("hidden")
        .contains("shown");
    assertThat(LogSettings.quiet()).isTrue();

    LogSettings.level(Level.DEBUG);
    assertThat(captured(() -> log.debug("detail"))).contains("[DEBUG] BackupJobRunner - detail");
  }

  @Test
  void chattyLibrariesAreHeldBackAndTheUnstableVersionWarningIsSilenced() {
    LogSettings.level(Level.DEBUG);
    Logger fabric8 =
        LoggerFactory.getLogger("io.fabric8.kubernetes.client.impl.KubernetesClientImpl");
    Logger versions =
        LoggerFactory.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils");

    String out =
        captured(
            () -> {
              fabric8.info("connected");
              fabric8.warn("watch closed");
              versions.warn(
                  "The client is using resource type 'backuppolicies' with unstable version 'v1alpha1'");
            });

    assertThat(out)
        .doesNotContain("connected")
        .contains("watch closed")
        .doesNotContain("unstable version");
  }

  @Test
  void aLogLineNeverLandsOnAProgressBar() {
    String out =
        captured(
            () -> {
              ConsoleLine.draw(System.err, "\rupload   [######    ] 3/8 files");
              log.info("prune: nothing to remove");
              ConsoleLine.draw(System.err, "\rupload   [##########] 8/8 files");
              ConsoleLine.end(System.err);
              System.err.println("snapshot done");
            });

    // Split on newlines only: the bar's carriage returns redraw within a line.
    List<String> lines = List.of(out.split("\n"));
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("\rupload   [######    ] 3/8 files");
    assertThat(lines.get(1)).contains("[INFO] BackupJobRunner - prune: nothing to remove");
    assertThat(lines.get(2)).isEqualTo("\rupload   [##########] 8/8 files");
    assertThat(lines.get(3)).isEqualTo("snapshot done");
  }
}
