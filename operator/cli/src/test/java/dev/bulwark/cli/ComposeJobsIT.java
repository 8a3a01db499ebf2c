package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark run} as a process keeps a policy's cadence by itself: on a two-second test cadence
 * it takes several snapshots, writes status, job records, {@code latest_local.json} and the audit
 * trail, counts runs on {@code /metrics} and alerts nothing while all is well; the newest snapshot
 * restores byte-identical; after kill -9 mid-job the restart records that job as canceled, the
 * cadence resumes and nothing is alerted again; an invalid policy is one ALERT line and one
 * webhook.
 */
class ComposeJobsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path work;
  private Process process;
  private HttpServer receiver;
  private final List<JsonNode> webhooks = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void keepsTheCadenceAlertsCountsAndRecoversFromKill() throws Exception {
    Path data = Files.createDirectories(work.resolve("data"));
    Files.writeString(data.resolve("exam.json"), "{\"schema_version\": 2, \"score\": 91}");
    Files.createDirectories(data.resolve("profiles"));
    Files.writeString(data.resolve("profiles/s1.json"), "{\"name\": \"Li\"}");
    Path policies = Files.createDirectories(work.resolve("policies"));
    Path state = work.resolve("state");
    startReceiver();
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
          hooks:
            pre: [{command: [sleep, "1"]}]
          verify: {schedule: "@every 5s", sample: "2"}
          webhookUrl: http://127.0.0.1:%d/hook
        """
            .formatted(data, receiver.getAddress().getPort()));
    int httpPort = freePort();
    Path log = work.resolve("bulwark.log");

    process = start(policies, state, httpPort, log);

    await(() -> succeededJobs(state) >= 3, "three successful jobs", log);
    JsonNode status =
        JSON.readTree(state.resolve("status/backuppolicy/fast.json").toFile()).path("status");
    await(
        () -> readStatus(state).at("/status/lastSuccessfulBackup/jobId").asText().length() > 0,
        "status with a success",
        log);
    status = readStatus(state).path("status");
    assertThat(status.path("consecutiveFailures").asInt()).isZero();
    assertThat(condition(status, "Fresh")).isEqualTo("True");
    assertThat(condition(status, "Healthy")).isEqualTo("True");
    assertThat(status.path("recentJobs").size()).isGreaterThanOrEqualTo(2);
    assertThat(state.resolve("state/latest_local.json")).exists();
    List<String> audit = Files.readAllLines(state.resolve("audit/audit.jsonl"));
    assertThat(audit)
        .anyMatch(
            l -> l.contains("\"event\":\"job_finished\"") && l.contains("\"result\":\"success\""));
    assertThat(webhooks)
        .as("good states seen for the first time are not alerts (issue 16)")
        .isEmpty();
    String metrics = get("http://127.0.0.1:" + httpPort + "/metrics");
    assertThat(metrics)
        .containsPattern(
            "bulwark_backup_runs_total\\{[^}]*policy=\"fast\"[^}]*result=\"success\"[^}]*} [1-9]");
    assertThat(get("http://127.0.0.1:" + httpPort + "/healthz")).isEqualTo("ok");

    // The periodic verify runs on its schedule, is recorded, shown, counted and audited.
    await(
        () -> condition(readStatus(state).path("status"), "Verified").equals("True"),
        "a passed verify",
        log);
    JsonNode verified = readStatus(state).path("status");
    assertThat(verified.at("/lastVerify/snapshotsChecked").asInt()).isBetween(1, 2);
    assertThat(verified.at("/lastVerify/readData").asBoolean()).isTrue();
    assertThat(verified.at("/lastVerify/filesVerified").asLong()).isPositive();
    assertThat(verified.path("nextVerify").asText()).isNotEmpty();
    assertThat(verified.at("/incrementalSuccess24h/failed").asInt()).isZero();
    assertThat(verified.at("/incrementalSuccess24h/succeeded").asInt()).isPositive();
    try (Stream<Path> runs = Files.list(state.resolve("verify/fast"))) {
      assertThat(runs.filter(f -> f.getFileName().toString().endsWith(".json"))).isNotEmpty();
    }
    assertThat(Files.readAllLines(state.resolve("audit/audit.jsonl")))
        .anyMatch(l -> l.contains("\"event\":\"verify\"") && l.contains("\"result\":\"success\""));
    assertThat(get("http://127.0.0.1:" + httpPort + "/metrics"))
        .containsPattern(
            "bulwark_verify_runs_total\\{[^}]*policy=\"fast\"[^}]*result=\"success\"[^}]*} [1-9]")
        .containsPattern("bulwark_verify_last_run_succeeded\\{[^}]*policy=\"fast\"[^}]*} 1");
    BulwarkProcess.Result table =
        BulwarkProcess.run(
            work,
            Map.of(),
            "status",
            "--state",
            state.toString(),
            "--policies",
            policies.toString());
    assertThat(table.stdout())
        .contains("INCREMENTALS 24H")
        .containsPattern("(?m)^fast +healthy .*100\\.0% \\(\\d+ of \\d+\\)");

    // The newest snapshot restores byte-identical.
    String newest = readStatus(state).at("/status/lastSuccessfulBackup/jobId").asText();
    Path restored = work.resolve("restored");
    BulwarkProcess.Result restore =
        BulwarkProcess.run(
            work,
            Map.of(),
            "restore",
            "--policies",
            policies.toString(),
            "--state",
            state.toString(),
            "--policy",
            "fast",
            "--snapshot",
            newest,
            "--to",
            restored.toString());
    assertThat(restore.exitCode()).as(restore.stderr()).isZero();
    Path base = restored.resolve(data.toString().substring(1));
    assertThat(Files.readString(base.resolve("exam.json")))
        .isEqualTo("{\"schema_version\": 2, \"score\": 91}");
    assertThat(Files.readString(base.resolve("profiles/s1.json"))).isEqualTo("{\"name\": \"Li\"}");
    assertThat(Files.readAllLines(state.resolve("audit/audit.jsonl")))
        .anyMatch(
            l ->
                l.contains("\"event\":\"restore\"")
                    && l.contains(newest)
                    && l.contains("\"actor\":\"cli:"));
    assertThat(Files.readAllLines(state.resolve("audit/restore_audit.jsonl")))
        .anyMatch(
            l ->
                l.contains("\"event\":\"restore\"")
                    && l.contains("\"level\":\"L3\"")
                    && l.contains(newest));

    // kill -9 while a job runs (its pre hook sleeps a second), then restart.
    await(() -> jobsIn(state, "running") > 0, "a running job", log);
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    int successesBefore = succeededJobs(state);
    process = start(policies, state, httpPort, log);

    await(() -> jobsIn(state, "canceled") > 0, "the killed job recorded as canceled", log);
    await(() -> succeededJobs(state) >= successesBefore + 2, "the cadence resuming", log);
    assertThat(jobsIn(state, "failed")).isZero();

    // An invalid policy is one ALERT line and one webhook POST (to BULWARK_WEBHOOK_URL: it has no
    // webhookUrl of its own that could be read); the restart above alerted nothing.
    Files.writeString(
        policies.resolve("broken.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: broken}
        spec: {target: ftp, sources: [{path: /data, domain: raw}]}
        """);
    await(() -> !webhooks.isEmpty(), "a webhook about the invalid policy", log);
    assertThat(webhooks)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.path("name").asText()).isEqualTo("broken");
              assertThat(w.path("condition").asText()).isEqualTo("Valid");
              assertThat(w.path("status").asText()).isEqualTo("False");
              assertThat(w.path("severity").asText()).isEqualTo("warning");
            });
    assertThat(Files.readAllLines(log))
        .filteredOn(l -> l.contains("ALERT "))
        .singleElement()
        .asString()
        .contains("ALERT BackupPolicy/broken Valid=False (SpecInvalid)");
  }

  private void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          webhooks.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
  }

  private Process start(Path policies, Path state, int httpPort, Path log) throws IOException {
    int receiverPort = receiver.getAddress().getPort();
    return BulwarkProcess.start(
        policies.getParent(),
        Map.of(
            "BULWARK_HTTP_PORT",
            Integer.toString(httpPort),
            "BULWARK_WEBHOOK_URL",
            "http://127.0.0.1:" + receiverPort + "/hook"),
        log,
        "run",
        "--policies",
        policies.toString(),
        "--state",
        state.toString());
  }

  private static JsonNode readStatus(Path state) {
    try {
      return JSON.readTree(state.resolve("status/backuppolicy/fast.json").toFile());
    } catch (IOException e) {
      return JSON.createObjectNode(); // being replaced right now: read it again
    }
  }

  private static String condition(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c.path("status").asText();
      }
    }
    return "absent";
  }

  private static int succeededJobs(Path state) {
    return jobsIn(state, "success");
  }

  private static int jobsIn(Path state, String jobState) {
    Path dir = state.resolve("jobs/fast");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int count = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
        try {
          if (JSON.readTree(file.toFile()).path("state").asText().equals(jobState)) {
            count++;
          }
        } catch (IOException e) {
          // replaced while read; counted next time
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return count;
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return response.body().strip();
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
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    throw new AssertionError(
        "timed out waiting for "
            + what
            + "; log tail:\n"
            + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
  }
}
