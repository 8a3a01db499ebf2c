package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.cli.BulwarkProcess.Result;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy files no resource can be read from, on the jar (issue 17 finding 5): {@code bulwark run}
 * records them, alerts each once (an ALERT line and a webhook), gates on them; {@code gate check},
 * {@code status} and {@code validate} name each file; a restart alerts nothing; removing one is one
 * recovery; the blocked gate is logged once per start while its reasons change (issue 16).
 */
class PolicyFilesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final List<String> FILES =
      List.of("bad-name.yaml", "binary.yaml", "no-name.yaml", "wrong-kind.yaml");

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
  void unattributableFilesBlockTheGateAreNamedEverywhereAndAlertOnce() throws Exception {
    Path data = Files.createDirectories(work.resolve("data"));
    Files.writeString(data.resolve("exam.json"), "{\"score\": 91}");
    Path policies = Files.createDirectories(work.resolve("policies"));
    Path state = work.resolve("state");
    String policy =
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: demo}
        spec:
          target: local
          sources: [{path: %s, domain: raw}]
        """
            .formatted(data);
    Files.writeString(policies.resolve("demo.yaml"), policy);
    Files.write(
        policies.resolve("binary.yaml"),
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0});
    Files.writeString(
        policies.resolve("wrong-kind.yaml"),
        policy.replace("kind: BackupPolicy", "kind: BackupPolice"));
    Files.writeString(
        policies.resolve("no-name.yaml"), policy.replace("metadata: {name: demo}", "metadata: {}"));
    Files.writeString(
        policies.resolve("bad-name.yaml"), policy.replace("name: demo", "name: Demo_Policy"));
    startReceiver();
    Path log = work.resolve("bulwark.log");

    process = start(policies, state, log);
    await(() -> unattributedInGate(state) == 4, "four files in gate.json", log);

    Result check = BulwarkProcess.run(work, Map.of(), "gate", "check", "--state", state.toString());
    assertThat(check.exitCode()).isEqualTo(1);
    for (String file : FILES) {
      assertThat(check.stderr().lines())
          .anyMatch(l -> l.startsWith("policy file " + file + " cannot be tied to a resource"));
    }
    Result status = BulwarkProcess.run(work, Map.of(), "status", "--state", state.toString());
    assertThat(status.exitCode()).isEqualTo(1);
    for (String file : FILES) {
      assertThat(status.stdout().lines())
          .as("the POLICY FILE table of bulwark status")
          .anyMatch(l -> l.matches(Pattern.quote(file) + " +invalid +\\S+"));
    }
    Result validate = BulwarkProcess.run(work, Map.of(), "validate", policies.toString());
    assertThat(validate.exitCode()).isEqualTo(1);
    for (String file : FILES) {
      assertThat(validate.stdout() + validate.stderr()).contains("policies/" + file + ":");
    }
    await(() -> webhooks.size() == 4, "four webhooks", log);
    assertThat(webhooks)
        .extracting(w -> w.path("kind").asText() + " " + w.path("name").asText())
        .containsExactlyInAnyOrder(
            FILES.stream().map(f -> "PolicyFile " + f).toArray(String[]::new));
    assertThat(alertLines(log)).hasSize(4);

    // A restart alerts nothing; removing a file is one recovery.
    process.destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    process = start(policies, state, log);
    await(() -> countLines(log, "(status in ") >= 2, "the restarted daemon to serve", log);
    Files.delete(policies.resolve("binary.yaml"));
    await(() -> webhooks.size() >= 5, "the recovery webhook", log);
    assertThat(webhooks.get(4).path("name").asText()).isEqualTo("binary.yaml");
    assertThat(webhooks.get(4).path("status").asText()).isEqualTo("True");
    assertThat(webhooks.get(4).path("severity").asText()).isEqualTo("info");
    await(() -> unattributedInGate(state) == 3, "three files in gate.json", log);
    assertThat(alertLines(log))
        .as("4 at the first start, none at the restart, 1 recovery")
        .hasSize(5);
    assertThat(webhooks).hasSize(5);
    assertThat(countLines(log, "release gate blocked"))
        .as("the verdict is logged once per start, not again each time a reason changes (issue 16)")
        .isEqualTo(2);
  }

  private Process start(Path policies, Path state, Path log) throws IOException {
    return BulwarkProcess.start(
        work,
        Map.of(
            "BULWARK_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
        log,
        "run",
        "--policies",
        policies.toString(),
        "--state",
        state.toString());
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

  private static int unattributedInGate(Path state) {
    try {
      return JSON.readTree(state.resolve("gate.json").toFile()).path("unattributed_files").size();
    } catch (IOException e) {
      return -1; // not written yet, or being replaced
    }
  }

  private static List<String> alertLines(Path log) throws IOException {
    return Files.readAllLines(log).stream().filter(l -> l.contains("ALERT ")).toList();
  }

  private static long countLines(Path log, String text) {
    try {
      return Files.readAllLines(log).stream().filter(l -> l.contains(text)).count();
    } catch (IOException e) {
      return 0;
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
    throw new AssertionError("timed out waiting for " + what + "; log:\n" + Files.readString(log));
  }
}
