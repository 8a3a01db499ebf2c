package dev.bulwark.compose;

import static dev.bulwark.compose.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.gate.GateDecision;
import dev.bulwark.core.gate.GateFile;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.reconcile.RuntimeServices;
import dev.bulwark.core.testing.TestingClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compose mode keeps {@code <state>/gate.json} in step with the statuses it writes. */
class ComposeGateTest {
  private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
  @TempDir Path root;
  private Path policies;
  private Path state;
  private ComposeRuntime runtime;
  private final TestingClock clock = TestingClock.at(START);
  private final ScriptedStatusControllers script = new ScriptedStatusControllers();

  @BeforeEach
  void directories() throws IOException {
    policies = Files.createDirectories(root.resolve("policies"));
    state = root.resolve("state");
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void theGateIsWrittenOnStartAndFollowsStatusChanges() throws IOException {
    script.lastBackup.put("demo", START.minusSeconds(60));
    script.lastRun.put("weekly", new ScriptedStatusControllers.Run(START.minusSeconds(600), null));
    script.lastSuccess.put("weekly", START.minusSeconds(600));
    write("demo.yaml", policy("demo") + "---\n" + drill("weekly", "demo"));
    start();

    GateDecision first = gate();
    assertThat(runtime.gateFile()).isEqualTo(state.resolve("gate.json"));
    assertThat(first.open()).as(String.join("\n", first.reasons())).isTrue();
    assertThat(first.evaluatedAt()).isEqualTo(START);
    assertThat(first.policies())
        .singleElement()
        .satisfies(p -> assertThat(p.provenBy()).isEqualTo("weekly"));

    // The drill's next run fails (a flipped byte): the gate closes with that reason.
    script.lastRun.put(
        "weekly",
        new ScriptedStatusControllers.Run(START.plusSeconds(30), "sha256 mismatch in raw/e1.json"));
    clock.advance(ScriptedStatusControllers.REQUEUE);
    await("the gate to close", () -> !gate().open());
    assertThat(gate().reasons())
        .singleElement()
        .asString()
        .startsWith(
            "RestoreDrill weekly (policy demo): the last run failed at 2026-03-02T08:00:30Z: sha256 mismatch in raw/e1.json");

    // A good backup and a passing drill reopen it.
    Instant now = clock.instant();
    script.lastBackup.put("demo", now);
    script.lastRun.put("weekly", new ScriptedStatusControllers.Run(now, null));
    script.lastSuccess.put("weekly", now);
    clock.advance(ScriptedStatusControllers.REQUEUE);
    await("the gate to reopen", () -> gate().open());
    assertThat(gate().policies().get(0).provenAt()).isEqualTo(now);
  }

  @Test
  void timeAloneClosesTheGateWhenTheDrillWindowPasses() throws IOException {
    script.lastBackup.put("demo", START);
    script.lastSuccess.put("weekly", START);
    write("demo.yaml", policy("demo") + "---\n" + drill("weekly", "demo"));
    start();
    assertThat(gate().open()).isTrue();

    // Backups keep succeeding, but no drill runs for eight days.
    clock.advance(Duration.ofDays(8));
    script.lastBackup.put("demo", clock.instant());
    long scans = runtime.scanCount();
    write("unrelated.txt", "wakes the loop");
    await("a scan", () -> runtime.scanCount() > scans);
    await("the gate to close", () -> !gate().open());
    assertThat(gate().reasons())
        .anyMatch(
            r -> r.contains("no restore drill succeeded in the last 7d (newest: weekly, 8d ago)"));
  }

  @Test
  void theFileIsRewrittenWhenTheVerdictChangesOrAMinuteHasPassed() throws IOException {
    script.lastBackup.put("demo", START);
    script.lastSuccess.put("weekly", START);
    write("demo.yaml", policy("demo") + "---\n" + drill("weekly", "demo"));
    start();
    String written = Files.readString(runtime.gateFile());

    long scans = runtime.scanCount();
    clock.advance(Duration.ofSeconds(20));
    write("unrelated.txt", "wakes the loop");
    await("a scan", () -> runtime.scanCount() > scans);
    assertThat(Files.readString(runtime.gateFile()))
        .as("same verdict within a minute: not rewritten")
        .isEqualTo(written);

    clock.advance(Duration.ofSeconds(41));
    long more = runtime.scanCount();
    write("unrelated.txt", "wakes the loop again");
    await("a scan", () -> runtime.scanCount() > more);
    await("evaluatedAt to move on", () -> gate().evaluatedAt().equals(START.plusSeconds(61)));
    assertThat(gate().open()).isTrue();
  }

  @Test
  void invalidAndDeletedResourcesCount() throws IOException {
    script.lastBackup.put("demo", START);
    script.lastSuccess.put("weekly", START);
    write("demo.yaml", policy("demo"));
    write("drill.yaml", drill("weekly", "demo"));
    start();
    assertThat(gate().open()).isTrue();

    write(
        "drill.yaml",
        "apiVersion: bulwark.dev/v1alpha1\nkind: RestoreDrill\nmetadata: {name: weekly\nspec: [");
    await("the unreadable drill to block", () -> !gate().open());
    assertThat(gate().reasons())
        .anyMatch(r -> r.startsWith("RestoreDrill weekly is not valid (DocumentUnreadable"));

    Files.delete(policies.resolve("drill.yaml"));
    await("the deleted drill to leave the gate", () -> gate().drills().isEmpty());
    assertThat(gate().reasons())
        .containsExactly(
            "BackupPolicy demo: no RestoreDrill refers to it; declare one (kind: RestoreDrill, spec.policyRef: demo)"
                + " so its backups are proven to restore");
  }

  @Test
  void policyFilesNoResourceCanBeReadFromBlockUntilFixedOrRemoved() throws IOException {
    script.lastBackup.put("demo", START);
    script.lastSuccess.put("weekly", START);
    write("demo.yaml", policy("demo") + "---\n" + drill("weekly", "demo"));
    start();
    assertThat(gate().open()).isTrue();

    Files.write(
        policies.resolve("binary.yaml"),
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0x00});
    write("wrong-kind.yaml", policy("x").replace("kind: BackupPolicy", "kind: BackupPolice"));
    write("no-name.yaml", policy("x").replace("metadata: {name: x}", "metadata: {}"));
    write("bad-name.yaml", policy("Bad_Name"));
    List<String> files = List.of("bad-name.yaml", "binary.yaml", "no-name.yaml", "wrong-kind.yaml");

    await("four files in the gate", () -> unattributedInGate() == 4);
    GateDecision blocked = gate();
    assertThat(blocked.open()).isFalse();
    assertThat(gateJson().path("unattributed_files"))
        .extracting(f -> f.path("file").asText())
        .containsExactlyElementsOf(files);
    for (String file : files) {
      assertThat(blocked.reasons())
          .anyMatch(
              r ->
                  r.startsWith(
                      "policy file " + file + " cannot be tied to a resource (" + file + ":"));
    }
    assertThat(blocked.reasons()).as("the policy and drill are as green as before").hasSize(4);
    JsonNode record =
        new ObjectMapper().readTree(state.resolve("status/unattributed.json").toFile());
    assertThat(record.path("format_version").asInt()).isEqualTo(1);
    assertThat(record.path("files"))
        .extracting(f -> f.path("file").asText())
        .containsExactlyElementsOf(files);
    assertThat(record.at("/files/1/reason").asText()).isEqualTo("DocumentUnreadable");
    assertThat(record.at("/files/2/reason").asText()).isEqualTo("SpecInvalid");
    assertThat(record.at("/files/2/problems/0/field").asText()).isEqualTo("metadata.name");
    String since = record.at("/files/0/since").asText();

    runtime.close();
    clock.advance(Duration.ofMinutes(5));
    start();
    assertThat(gateJson().path("unattributed_files")).as("still there after a restart").hasSize(4);
    JsonNode afterRestart =
        new ObjectMapper().readTree(state.resolve("status/unattributed.json").toFile());
    assertThat(afterRestart.at("/files/0/since").asText())
        .as("first seen before the restart")
        .isEqualTo(since);

    Files.delete(policies.resolve("binary.yaml"));
    Files.delete(policies.resolve("wrong-kind.yaml"));
    write("no-name.yaml", "# emptied\n");
    write("bad-name.yaml", "kind: ConfigMap\napiVersion: v1\nmetadata: {name: not-ours}\n");
    await("the gate to reopen", () -> gate().open());
    assertThat(gateJson().path("unattributed_files")).isEmpty();
    assertThat(
            new ObjectMapper()
                .readTree(state.resolve("status/unattributed.json").toFile())
                .path("files"))
        .isEmpty();
  }

  private int unattributedInGate() {
    try {
      return gateJson().path("unattributed_files").size();
    } catch (IOException e) {
      return -1; // being replaced: read it again
    }
  }

  /** gate.json as CI reads it. */
  private JsonNode gateJson() throws IOException {
    return new ObjectMapper().readTree(runtime.gateFile().toFile());
  }

  private GateDecision gate() {
    return GateFile.in(state).read().orElseThrow();
  }

  private void start() {
    runtime =
        new ComposeRuntime(
            new ComposeSettings(policies, state, Duration.ofMillis(50), Duration.ofMinutes(10)),
            script.controllers(),
            clock,
            RuntimeServices.none(),
            GateSettings.defaults());
    runtime.start();
  }

  private static String policy(String name) {
    return """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: %s}
        spec:
          target: local
          sources: [{path: /data, domain: raw}]
        """
        .formatted(name);
  }

  private static String drill(String name, String policy) {
    return """
        apiVersion: bulwark.dev/v1alpha1
        kind: RestoreDrill
        metadata: {name: %s}
        spec:
          policyRef: %s
          level: L1
        """
        .formatted(name, policy);
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(policies.resolve(name), content);
  }
}
