package dev.bulwark.core.gate;

import static dev.bulwark.core.gate.GateFixtures.failedRun;
import static dev.bulwark.core.gate.GateFixtures.healthyPolicy;
import static dev.bulwark.core.gate.GateFixtures.passedDrill;
import static dev.bulwark.core.gate.GateFixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.api.backup.BackupPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateFileTest {
  private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
  @TempDir Path state;

  private static GateDecision blockedDecision() {
    BackupPolicy policy = healthyPolicy("demo", NOW.minusSeconds(120));
    policy
        .getStatus()
        .setLastPreUpgradeBackup(
            ref("job-pre", "full", NOW.minus(Duration.ofHours(2)), "pre-upgrade"));
    return ReleaseGate.evaluate(
        StatusFacts.inputs(
            List.of(policy, healthyPolicy("other", NOW)),
            List.of(
                failedRun(
                    passedDrill("weekly", "demo", NOW.minus(Duration.ofDays(1))),
                    NOW,
                    "restore of e1.json failed"),
                passedDrill("other-drill", "other", NOW))),
        GateSettings.defaults().withRequirePreUpgrade(true),
        NOW);
  }

  @Test
  void aDecisionRoundTripsWithItsVersionAndEvidence() throws Exception {
    GateFile file = GateFile.in(state);
    assertThat(file.read()).as("no file yet").isEmpty();
    GateDecision decision = blockedDecision();

    file.write(decision);

    assertThat(file.path()).isEqualTo(state.resolve("gate.json"));
    assertThat(file.read()).contains(decision);
    JsonNode json = new ObjectMapper().readTree(state.resolve("gate.json").toFile());
    assertThat(json.get("format_version").asInt()).isEqualTo(1);
    assertThat(json.get("open").asBoolean()).isFalse();
    assertThat(json.get("evaluated_at").asText()).isEqualTo("2026-03-02T08:00:00Z");
    assertThat(json.get("settings").get("drill_window").asText()).isEqualTo("PT168H");
    assertThat(json.get("settings").get("require_pre_upgrade").asBoolean()).isTrue();
    JsonNode demo = json.get("policies").get(0);
    assertThat(demo.get("name").asText()).isEqualTo("demo");
    assertThat(demo.get("pre_upgrade_job_id").asText()).isEqualTo("job-pre");
    assertThat(demo.get("pre_upgrade_age_seconds").asLong()).isEqualTo(7200);
    assertThat(demo.get("proven_by").asText()).isEqualTo("weekly");
    assertThat(demo.get("facts").get("last_successful_backup").get("finished_at").asText())
        .isEqualTo("2026-03-02T07:58:00Z");
    assertThat(json.get("drills").get(1).get("facts").get("last_run_failure").asText())
        .isEqualTo("restore of e1.json failed");
    assertThat(Files.list(state))
        .as("no temporary file left")
        .containsExactly(state.resolve("gate.json"));
  }

  @Test
  void theFactsInTheFileAreEnoughToEvaluateAgain() {
    GateDecision decision = blockedDecision();
    GateFile file = GateFile.in(state);
    file.write(decision);
    GateDecision read = file.read().orElseThrow();

    GateDecision again = ReleaseGate.evaluate(read.inputs(), read.settings(), read.evaluatedAt());
    assertThat(again).isEqualTo(decision);
    assertThat(again.sameVerdictAs(decision)).isTrue();
    GateDecision later = ReleaseGate.evaluate(read.inputs(), read.settings(), NOW.plusSeconds(30));
    assertThat(later.sameVerdictAs(decision)).as("only the ages moved").isTrue();
    assertThat(
            ReleaseGate.evaluate(
                    read.inputs().narrowedTo("other"),
                    read.settings().withRequirePreUpgrade(false),
                    NOW)
                .open())
        .isTrue();
  }

  @Test
  void unattributedFilesAreEvidenceAndAFileWithoutThemStillReads() throws Exception {
    GateDecision decision =
        ReleaseGate.evaluate(
            blockedDecision()
                .inputs()
                .withUnattributedFiles(
                    List.of(new UnattributedFile("no-name.yaml", "3: metadata.name: missing"))),
            GateSettings.defaults(),
            NOW);
    GateFile file = GateFile.in(state);
    file.write(decision);

    JsonNode json = new ObjectMapper().readTree(state.resolve("gate.json").toFile());
    assertThat(json.at("/unattributed_files/0/file").asText()).isEqualTo("no-name.yaml");
    assertThat(json.at("/unattributed_files/0/problem").asText())
        .isEqualTo("3: metadata.name: missing");
    GateDecision read = file.read().orElseThrow();
    assertThat(read).isEqualTo(decision);
    assertThat(ReleaseGate.evaluate(read.inputs(), read.settings(), NOW).reasons())
        .anyMatch(r -> r.startsWith("policy file no-name.yaml cannot be tied to a resource"));

    // A gate.json written before unattributedFiles existed (format version 1 all the same).
    ((ObjectNode) json).remove("unattributed_files");
    Files.writeString(state.resolve("gate.json"), json.toString());
    assertThat(file.read().orElseThrow().unattributedFiles()).isEmpty();
  }

  @Test
  void aReaderRefusesAnUnknownFormatVersion() throws Exception {
    Files.writeString(
        state.resolve("gate.json"),
        "{\"formatVersion\": 2, \"open\": true, \"evaluatedAt\": \"2026-03-02T08:00:00Z\"}");
    assertThatThrownBy(() -> GateFile.in(state).read())
        .isInstanceOf(GateFileException.class)
        .hasMessageContaining(
            "gate.json has format_version 2; this Bulwark reads format_version 1");

    Files.writeString(state.resolve("gate.json"), "{\"open\": true}");
    assertThatThrownBy(() -> GateFile.in(state).read())
        .hasMessageContaining("format_version (none)");
  }

  @Test
  void aFileWrittenBeforeTheSnakeCaseRuleReadsTheSame() throws Exception {
    GateFile file = GateFile.in(state);
    GateDecision decision =
        ReleaseGate.evaluate(
            blockedDecision()
                .inputs()
                .withUnattributedFiles(
                    List.of(new UnattributedFile("no-name.yaml", "3: metadata.name: missing"))),
            GateSettings.defaults(),
            NOW);
    file.write(decision);
    assertThat(Files.readString(file.path()))
        .contains("\"format_version\"", "\"evaluated_at\"", "\"unattributed_files\"")
        .doesNotContain("formatVersion", "evaluatedAt");

    Files.writeString(file.path(), camelCase(Files.readString(file.path())));

    assertThat(Files.readString(file.path())).contains("\"formatVersion\"", "\"lastBackupJobId\"");
    assertThat(file.read()).contains(decision);
  }

  /** What Bulwark wrote before the snake_case rule: the same document with camelCase keys. */
  private static String camelCase(String json) {
    java.util.regex.Matcher key =
        java.util.regex.Pattern.compile("\"([a-z0-9]+(_[a-z0-9]+)+)\" :").matcher(json);
    StringBuilder out = new StringBuilder();
    while (key.find()) {
      String[] words = key.group(1).split("_");
      StringBuilder camel = new StringBuilder(words[0]);
      for (int i = 1; i < words.length; i++) {
        camel.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
      }
      key.appendReplacement(out, "\"" + camel + "\" :");
    }
    return key.appendTail(out).toString();
  }

  @Test
  void garbageIsUnreadableNotAVerdict() throws Exception {
    Files.writeString(state.resolve("gate.json"), "{\"formatVersion\": 1, \"open\": tru");
    assertThatThrownBy(() -> GateFile.in(state).read())
        .isInstanceOf(GateFileException.class)
        .hasMessageContaining("gate.json");
    Files.writeString(state.resolve("gate.json"), "[]");
    assertThatThrownBy(() -> GateFile.in(state).read())
        .hasMessageContaining("expected a JSON object");
    Files.writeString(state.resolve("gate.json"), "{\"formatVersion\": 1, \"open\": true}");
    assertThatThrownBy(() -> GateFile.in(state).read())
        .as("a decision without evaluatedAt or settings")
        .isInstanceOf(GateFileException.class);
  }

  @Test
  void kubernetesNamespacesGetTheirOwnFile() {
    assertThat(GateFile.forNamespace(state, "team-a").path())
        .isEqualTo(state.resolve("gate-team-a.json"));
    assertThatThrownBy(() -> GateFile.forNamespace(state, "../x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
