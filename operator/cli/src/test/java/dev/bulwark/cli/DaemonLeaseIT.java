package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code bulwark run} processes on one state directory (issue 17 finding 9): the second stands
 * by (live, not ready) while the first takes every snapshot, one per tick; after kill -9 of the
 * first, the second takes over and the cadence continues.
 */
class DaemonLeaseIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path work;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process process : processes) {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aSecondDaemonStandsByAndTakesOverWhenTheFirstIsKilled() throws Exception {
    Path data = Files.createDirectories(work.resolve("data"));
    Files.writeString(data.resolve("exam.json"), "{\"score\": 91}");
    Path policies = Files.createDirectories(work.resolve("policies"));
    Path state = work.resolve("state");
    Files.writeString(
        policies.resolve("fast.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: fast}
        spec:
          target: local
          sources: [{path: %s, domain: raw}]
          schedule: {incremental: "@every 2s", full: "0 2 * * *"}
        """
            .formatted(data));
    int activePort = freePort();
    int standbyPort = freePort();
    Path activeLog = work.resolve("active.log");
    Path standbyLog = work.resolve("standby.log");

    Process active = start(policies, state, activePort, activeLog);
    await(
        () -> jobs(state).stream().anyMatch(j -> j.path("state").asText().equals("success")),
        "a first snapshot",
        activeLog);
    Process standby = start(policies, state, standbyPort, standbyLog);
    await(
        () -> read(standbyLog).contains("standing by"),
        "the second daemon to stand by",
        standbyLog);
    assertThat(read(standbyLog)).contains("pid=" + active.pid());
    assertThat(status("http://127.0.0.1:" + standbyPort + "/healthz"))
        .as("a standby is live")
        .isEqualTo(200);
    assertThat(status("http://127.0.0.1:" + standbyPort + "/readyz"))
        .as("but not ready")
        .isEqualTo(503);

    // Several ticks with both processes up: every job is the active one's, one per tick.
    int before = successes(state);
    await(() -> successes(state) >= before + 4, "four more snapshots", activeLog);
    List<JsonNode> whileBothRan = jobs(state);
    assertThat(whileBothRan).extracting(j -> j.path("pid").asLong()).containsOnly(active.pid());
    assertThat(read(standbyLog).lines().filter(l -> l.contains("standing by")).count())
        .as("said once")
        .isEqualTo(1);

    long killed = System.nanoTime();
    active.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    int atKill = successes(state);
    await(() -> read(standbyLog).contains("taking over"), "the standby to take over", standbyLog);
    System.out.printf(
        "the standby took over %d ms after kill -9 (polls every %d ms; this test looks every 200 ms)%n",
        (System.nanoTime() - killed) / 1_000_000, RunCommand.STANDBY_POLL.toMillis());
    await(
        () -> successesOf(state, standby.pid()) >= 2,
        "the cadence to continue under the new daemon",
        standbyLog);
    assertThat(successes(state)).isGreaterThanOrEqualTo(atKill + 2);
    await(
        () -> status("http://127.0.0.1:" + standbyPort + "/readyz") == 200,
        "the new daemon to be ready",
        standbyLog);
  }

  private Process start(Path policies, Path state, int port, Path log) throws IOException {
    Process process =
        BulwarkProcess.start(
            policies.getParent(),
            Map.of("BULWARK_HTTP_PORT", Integer.toString(port)),
            log,
            "run",
            "--policies",
            policies.toString(),
            "--state",
            state.toString());
    processes.add(process);
    return process;
  }

  private static List<JsonNode> jobs(Path state) {
    Path dir = state.resolve("jobs/fast");
    List<JsonNode> jobs = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return jobs;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        try {
          jobs.add(JSON.readTree(file.toFile()));
        } catch (IOException e) {
          // replaced while read; seen next time
        }
      }
    } catch (IOException e) {
      return jobs;
    }
    return jobs;
  }

  private static int successes(Path state) {
    return (int)
        jobs(state).stream().filter(j -> j.path("state").asText().equals("success")).count();
  }

  private static int successesOf(Path state, long pid) {
    return (int)
        jobs(state).stream()
            .filter(
                j -> j.path("state").asText().equals("success") && j.path("pid").asLong() == pid)
            .count();
  }

  private static int status(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void await(Supplier<Boolean> condition, String what, Path log) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      if (condition.get()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + what + "; log:\n" + read(log));
  }
}
