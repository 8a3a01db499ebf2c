package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark run} as a process over a copy of the shipped {@code policies/}: status files
 * appear, follow edits within seconds, survive a broken neighbour, resume after kill -9, and the
 * process stops cleanly on SIGTERM.
 */
class ComposeRunIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path work;
  private Process process;

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void servesEditsSurvivesBrokenFilesAndResumesAfterKill() throws Exception {
    Path policies = work.resolve("policies");
    Path state = work.resolve("state");
    copyTree(BulwarkProcess.ROOT.resolve("policies"), policies);
    copyTree(
        BulwarkProcess.ROOT.resolve("examples/sample-data"), work.resolve("examples/sample-data"));
    Path log = work.resolve("bulwark.log");
    String before = treeFingerprint(policies);

    process = start(policies, state, log);
    Path demoStatus = state.resolve("status/backuppolicy/demo.json");
    JsonNode first = await(demoStatus, s -> ready(s, "True"), log);
    assertThat(first.at("/status/nextIncremental").asText()).isNotEmpty();
    // The drill is reconciled right after its policy: wait for its file rather than race it.
    await(state.resolve("status/restoredrill/demo-objects.json"), s -> ready(s, "True"), log);
    String readySince = condition(first, "Ready").path("lastTransitionTime").asText();

    // An edit shows up within a couple of seconds as a new generation.
    Path demo = policies.resolve("demo.yaml");
    Files.writeString(demo, Files.readString(demo).replace("\"*/5 * * * *\"", "\"*/10 * * * *\""));
    JsonNode edited = await(demoStatus, s -> s.at("/metadata/generation").asLong() == 2, log);
    assertThat(edited.at("/status/observedGeneration").asLong()).isEqualTo(2);

    // A broken file gets an error status; the demo keeps being served.
    Files.writeString(
        policies.resolve("broken.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: broken}
        spec:
          target: local
          sources: [{path: /tmp, domain: raw}]
          retention: {hotDays: 400, coldDays: 180}
        """);
    JsonNode broken =
        await(state.resolve("status/backuppolicy/broken.json"), s -> ready(s, "False"), log);
    assertThat(condition(broken, "Valid").path("message").asText()).contains("hotDays");
    Files.writeString(demo, Files.readString(demo).replace("\"*/10 * * * *\"", "\"*/15 * * * *\""));
    await(demoStatus, s -> s.at("/metadata/generation").asLong() == 3, log);

    // kill -9, restart: it resumes from its status files (same generation, transition time kept).
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    process = start(policies, state, log);
    awaitLog(log, "RunCommand - serving", 2);
    JsonNode resumed = await(demoStatus, s -> ready(s, "True"), log);
    assertThat(resumed.at("/metadata/generation").asLong()).isEqualTo(3);
    assertThat(condition(resumed, "Ready").path("lastTransitionTime").asText())
        .isEqualTo(readySince);

    // SIGTERM: a clean stop.
    process.destroy();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(log)).contains("stopped");
    Files.delete(policies.resolve("broken.yaml"));
    Files.writeString(demo, Files.readString(demo).replace("\"*/15 * * * *\"", "\"*/5 * * * *\""));
    assertThat(treeFingerprint(policies))
        .as("nothing written under the policies directory")
        .isEqualTo(before);
  }

  private static void awaitLog(Path log, String line, int occurrences) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      if (Files.readString(log).split(java.util.regex.Pattern.quote(line), -1).length - 1
          >= occurrences) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "log never showed '" + line + "' " + occurrences + " times:\n" + Files.readString(log));
  }

  private static Process start(Path policies, Path state, Path log) throws IOException {
    return BulwarkProcess.start(
        policies.getParent(),
        Map.of(),
        log,
        "run",
        "--policies",
        policies.toString(),
        "--state",
        state.toString());
  }

  private static boolean ready(JsonNode status, String value) {
    return value.equals(condition(status, "Ready").path("status").asText());
  }

  private static JsonNode condition(JsonNode envelope, String type) {
    for (JsonNode c : envelope.at("/status/conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    return JSON.missingNode();
  }

  private static JsonNode await(Path file, Predicate<JsonNode> until, Path log) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(file)) {
        last = JSON.readTree(file.toFile());
        if (until.test(last)) {
          return last;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no matching status in " + file + "; last: " + last + "\nlog:\n" + Files.readString(log));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  private static String treeFingerprint(Path dir) throws IOException {
    StringBuilder fingerprint = new StringBuilder();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted().toList()) {
        fingerprint.append(dir.relativize(p)).append('\n');
        if (Files.isRegularFile(p)) {
          fingerprint.append(Files.readString(p)).append('\n');
        }
      }
    }
    return fingerprint.toString();
  }
}
