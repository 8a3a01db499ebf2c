package dev.bulwark.compose;

import static dev.bulwark.compose.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.core.Environment;
import dev.bulwark.core.alerts.Alert;
import dev.bulwark.core.alerts.AlertSinks;
import dev.bulwark.core.alerts.LoggingAlertSink;
import dev.bulwark.core.alerts.TestingAlertSink;
import dev.bulwark.core.alerts.TestingWebhookReceiver;
import dev.bulwark.core.alerts.WebhookAlertSink;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.core.reconcile.ReconcileContext;
import dev.bulwark.core.reconcile.ReconcileResult;
import dev.bulwark.core.reconcile.RuntimeServices;
import dev.bulwark.engine.testing.TestingClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose mode alerts by one policy (issues 16 and 17): every bad input is exactly one ALERT line
 * and one webhook POST, its fix is one recovery, a restart is none, and a good state seen at
 * start-up is none. The sinks are the real ones: the log line sink, and the webhook sink posting to
 * a real HTTP receiver; one recording sink beside them counts what the log printed.
 */
class ComposeAlertsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] BINARY = {
    (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x0d, 0x01
  };

  @TempDir Path root;
  private Path policies;
  private Path state;
  private ComposeRuntime runtime;
  private final TestingWebhookReceiver receiver = new TestingWebhookReceiver();
  private final TestingAlertSink alerts = new TestingAlertSink();
  private WebhookAlertSink webhook;

  @BeforeEach
  void directories() throws IOException {
    policies = Files.createDirectories(root.resolve("policies"));
    state = root.resolve("state");
    Files.createDirectories(root.resolve("data"));
    webhook =
        new WebhookAlertSink(
            Optional.of(receiver.url("/hook")),
            WebhookAlertSink.Settings.defaults().withFirstBackoff(Duration.ofMillis(10)));
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
    webhook.close();
    receiver.close();
  }

  /**
   * File name, then its content: each declares one resource named after the file and is wrong in
   * one way.
   */
  private static Map<String, String> invalidInputs() {
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("duplicate-keys", policy("duplicate-keys", "  target: local\n  target: s3\n"));
    inputs.put("unsupported-target", policy("unsupported-target", "  target: ftp\n"));
    inputs.put(
        "java-tag",
        policy(
            "java-tag",
            "  target: local\n  webhookUrl: !!javax.script.ScriptEngineManager"
                + " [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/x\"]]]]\n"));
    StringBuilder bomb =
        new StringBuilder(
            "  target: local\n  a: &a [" + String.join(",", Collections.nCopies(8, "lol")) + "]\n");
    String previous = "a";
    for (char c = 'b'; c <= 'i'; c++) {
      bomb.append("  ").append(c).append(": &").append(c).append(" [");
      bomb.append(String.join(",", Collections.nCopies(9, "*" + previous))).append("]\n");
      previous = String.valueOf(c);
    }
    inputs.put("alias-bomb", policy("alias-bomb", bomb.toString()));
    inputs.put("unclosed", policy("unclosed", "  target: \"local\n"));
    inputs.put(
        "wrong-api-version",
        policy("wrong-api-version", "  target: local\n").replace("v1alpha1", "v9"));
    inputs.put(
        "bad-drill-level",
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: RestoreDrill
        metadata: {name: bad-drill-level}
        spec: {policyRef: served, level: L9}
        """);
    return inputs;
  }

  @Test
  void everyInvalidInputIsOneAlertItsFixIsOneRecoveryAndARestartIsNone() throws Exception {
    write("served.yaml", policy("served", "  target: local\n"));
    start();
    assertThat(alerts.sent()).as("good states seen at start-up are not alerts").isEmpty();

    Map<String, String> inputs = invalidInputs();
    for (Map.Entry<String, String> input : inputs.entrySet()) {
      write(input.getKey() + ".yaml", input.getValue());
      await(
          input.getKey() + " alerted",
          () -> !alerts.about(kindOf(input.getKey()), input.getKey()).isEmpty());
    }
    // A served policy overwritten with binary: Valid True -> False.
    Files.write(policies.resolve("served.yaml"), BINARY);
    await("served alerted", () -> !alerts.about("BackupPolicy", "served").isEmpty());
    awaitWebhookAbout("served", "False");

    for (String name : names(inputs)) {
      List<Alert> about = alerts.about(kindOf(name), name);
      assertThat(about)
          .as(name + ": " + about)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.type()).isEqualTo("Valid");
                assertThat(a.status()).isEqualTo("False");
                assertThat(a.warning()).isTrue();
              });
      assertThat(webhooksAbout(name)).as(name + " webhook POSTs").hasSize(1);
    }
    assertThat(alerts.sent())
        .as("nothing else alerted: " + alerts.sent())
        .hasSize(inputs.size() + 1);

    // A restart alerts nothing: the statuses it loads are the states already alerted.
    runtime.close();
    int before = alerts.sent().size();
    start();
    assertThat(alerts.sent()).as("a restart").hasSize(before);

    // Each fix is one recovery, delivered after the bad ones (one queue), so counts are final then.
    for (String name : inputs.keySet()) {
      write(
          name + ".yaml",
          name.equals("bad-drill-level")
              ? inputs.get(name).replace("L9", "L1")
              : policy(name, "  target: local\n"));
    }
    write("served.yaml", policy("served", "  target: local\n"));
    for (String name : names(inputs)) {
      await(name + " recovered", () -> alerts.about(kindOf(name), name).size() == 2);
      awaitWebhookAbout(name, "True");
    }
    for (String name : names(inputs)) {
      Alert recovery = alerts.about(kindOf(name), name).get(1);
      assertThat(recovery.type()).as(name).isEqualTo("Valid");
      assertThat(recovery.status()).as(name).isEqualTo("True");
      assertThat(recovery.warning()).as(name).isFalse();
      assertThat(webhooksAbout(name)).as(name + " webhook POSTs").hasSize(2);
      assertThat(webhooksAbout(name).get(1).path("severity").asText()).isEqualTo("info");
    }
    assertThat(alerts.sent()).hasSize(2 * (inputs.size() + 1));
  }

  @Test
  void deletingAServedResourceAlertsOnceAndDeclaringItAgainRecovers() throws Exception {
    write("gone.yaml", policy("gone", "  target: local\n"));
    start();

    Files.delete(policies.resolve("gone.yaml"));
    await("gone deleted", () -> alerts.about("BackupPolicy", "gone").size() == 1);
    Alert deleted = alerts.about("BackupPolicy", "gone").get(0);
    assertThat(deleted.type()).isEqualTo("Ready");
    assertThat(deleted.reason()).isEqualTo("Deleted");
    assertThat(deleted.warning()).isTrue();

    runtime.close();
    start();
    assertThat(alerts.about("BackupPolicy", "gone")).as("a restart").hasSize(1);

    write("gone.yaml", policy("gone", "  target: local\n"));
    await("gone back", () -> alerts.about("BackupPolicy", "gone").size() == 2);
    assertThat(alerts.about("BackupPolicy", "gone").get(1))
        .satisfies(a -> assertThat(a.status()).isEqualTo("True"))
        .satisfies(a -> assertThat(a.warning()).isFalse());
    awaitWebhookAbout("gone", "True");
    assertThat(webhooksAbout("gone")).hasSize(2);
  }

  @Test
  void aControllerFailureAlertsOnceHoweverOftenItIsRetriedAndItsEndRecovers() throws Exception {
    TestingClock clock = TestingClock.at("2026-03-02T08:00:00Z");
    AtomicBoolean broken = new AtomicBoolean(true);
    AtomicInteger calls = new AtomicInteger();
    Controller<BackupPolicy, BackupPolicyStatus> flaky =
        new Controller<>() {
          @Override
          public String kind() {
            return "BackupPolicy";
          }

          @Override
          public Class<BackupPolicy> resourceType() {
            return BackupPolicy.class;
          }

          @Override
          public ReconcileResult<BackupPolicyStatus> reconcile(
              BackupPolicy policy, ReconcileContext context) {
            calls.incrementAndGet();
            if (broken.get()) {
              throw new IllegalStateException("simulated controller bug");
            }
            BackupPolicyStatus status = new BackupPolicyStatus();
            status
                .conditions()
                .set(ConditionType.READY, true, ConditionReason.SCHEDULED, "ok", 1L, context.now());
            return new ReconcileResult<>(status, List.of(), Optional.empty());
          }
        };
    write("flaky.yaml", policy("flaky", "  target: local\n"));
    runtime =
        new ComposeRuntime(
            new ComposeSettings(policies, state, Duration.ofMillis(50), Duration.ofMinutes(10)),
            List.of(flaky),
            clock,
            RuntimeServices.alerting(AlertSinks.all(new LoggingAlertSink(), alerts, webhook)));
    runtime.start();
    assertThat(alerts.about("BackupPolicy", "flaky"))
        .singleElement()
        .satisfies(a -> assertThat(a.reason()).isEqualTo("ReconcileFailed"));

    for (int retry = 2; retry <= 4; retry++) {
      int expected = retry;
      clock.advance(Duration.ofMinutes(5)); // past any backoff
      await("retry " + retry, () -> calls.get() >= expected);
    }
    assertThat(alerts.about("BackupPolicy", "flaky")).as("retries of the same failure").hasSize(1);

    broken.set(false);
    clock.advance(Duration.ofMinutes(5));
    await("the recovery", () -> alerts.about("BackupPolicy", "flaky").size() == 2);
    assertThat(alerts.about("BackupPolicy", "flaky").get(1))
        .satisfies(a -> assertThat(a.status()).isEqualTo("True"))
        .satisfies(a -> assertThat(a.warning()).isFalse());
  }

  @Test
  void unattributableFilesAlertOnceEachAndTheirFixOrRemovalRecovers() throws Exception {
    write("served.yaml", policy("served", "  target: local\n"));
    start();

    Files.write(policies.resolve("binary.yaml"), BINARY);
    write(
        "wrong-kind.yaml",
        policy("x", "  target: local\n").replace("kind: BackupPolicy", "kind: BackupPolice"));
    write(
        "no-name.yaml",
        policy("x", "  target: local\n")
            .replace("metadata: {name: x}", "metadata: {labels: {a: b}}"));
    write("bad-name.yaml", policy("Not_A_Name", "  target: local\n"));
    List<String> files = List.of("bad-name.yaml", "binary.yaml", "no-name.yaml", "wrong-kind.yaml");
    for (String file : files) {
      await(file + " alerted", () -> !alerts.about("PolicyFile", file).isEmpty());
    }
    Alert binary = alerts.about("PolicyFile", "binary.yaml").get(0);
    assertThat(binary.type()).isEqualTo("Valid");
    assertThat(binary.status()).isEqualTo("False");
    assertThat(binary.reason()).isEqualTo("DocumentUnreadable");
    assertThat(binary.message()).startsWith("binary.yaml:1: ");
    assertThat(alerts.about("PolicyFile", "no-name.yaml").get(0).reason()).isEqualTo("SpecInvalid");

    runtime.close();
    start();

    Files.delete(policies.resolve("binary.yaml"));
    Files.delete(policies.resolve("wrong-kind.yaml"));
    write("no-name.yaml", policy("named", "  target: local\n"));
    write("bad-name.yaml", policy("a-name", "  target: local\n"));
    for (String file : files) {
      await(file + " recovered", () -> alerts.about("PolicyFile", file).size() == 2);
      awaitWebhookAbout(file, "True");
    }
    for (String file : files) {
      assertThat(alerts.about("PolicyFile", file))
          .as(file)
          .extracting(Alert::status)
          .containsExactly("False", "True");
      assertThat(webhooksAbout(file)).as(file).hasSize(2);
    }
    assertThat(alerts.about("PolicyFile", "binary.yaml").get(1).message())
        .isEqualTo("binary.yaml was removed");
    assertThat(alerts.about("PolicyFile", "no-name.yaml").get(1).message())
        .isEqualTo("no-name.yaml was fixed");
    assertThat(alerts.sent())
        .as("the fixed files' resources are good states: " + alerts.sent())
        .hasSize(8);
  }

  private static List<String> names(Map<String, String> inputs) {
    List<String> names = new ArrayList<>(inputs.keySet());
    names.add("served");
    return names;
  }

  private static String kindOf(String name) {
    return name.equals("bad-drill-level") ? "RestoreDrill" : "BackupPolicy";
  }

  private void awaitWebhookAbout(String name, String status) {
    await(
        "a webhook about " + name + " with status " + status,
        () -> webhooksAbout(name).stream().anyMatch(w -> w.path("status").asText().equals(status)));
  }

  private List<JsonNode> webhooksAbout(String name) {
    return receiver.received().stream()
        .map(
            r -> {
              try {
                return JSON.readTree(r.body());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .filter(body -> body.path("name").asText().equals(name))
        .toList();
  }

  private void start() {
    runtime =
        new ComposeRuntime(
            new ComposeSettings(policies, state, Duration.ofMillis(50), Duration.ofMinutes(10)),
            Controllers.standard(Environment.of(Map.of())),
            Clock.systemUTC(),
            RuntimeServices.alerting(AlertSinks.all(new LoggingAlertSink(), alerts, webhook)));
    runtime.start();
  }

  private static String policy(String name, String specLines) {
    return """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: %s}
        spec:
          sources: [{path: ../data, domain: raw}]
        %s"""
        .formatted(name, specLines);
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(policies.resolve(name), content);
  }
}
