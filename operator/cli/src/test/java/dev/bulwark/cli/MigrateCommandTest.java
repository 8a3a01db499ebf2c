package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bulwark migrate} in-process over a small tree of exam manifests and a local repository.
 */
class MigrateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;
  private Path policies;
  private Path state;
  private Path exams;

  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void aPolicyAndAPlan() throws IOException {
    policies = Files.createDirectories(work.resolve("policies"));
    state = work.resolve("state");
    exams = Files.createDirectories(work.resolve("data/serving/exams"));
    for (int i = 1; i <= 3; i++) {
      Path exam = Files.createDirectories(exams.resolve("exam-" + i));
      Files.writeString(
          exam.resolve("manifest.json"),
          "{\"schema_version\": 1, \"exam_id\": \"exam-"
              + i
              + "\", \"title\": \"期中考试\", \"questions\": 25}\n");
    }
    plan("requireGate: false", "apply");
  }

  private void plan(String gate, String mode) throws IOException {
    Files.writeString(
        policies.resolve("teaching.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: teaching}
        spec:
          target: local
          targets:
            local: {path: %s}
          sources:
            - {path: %s, domain: serving, priority: P0}
          schedule: {incremental: "*/5 * * * *", full: "@daily"}
        ---
        apiVersion: bulwark.dev/v1alpha1
        kind: MigrationPlan
        metadata: {name: exams-v1-to-v2}
        spec:
          policyRef: teaching
          selectors:
            - {paths: ["serving/exams/*/manifest.json"], format: json}
          from: 1
          to: 2
          steps:
            - from: 1
              to: 2
              operations:
                - {op: addMetadata, path: /data_domain, value: serving}
                - {op: rename, from: /questions, path: /question_count}
          mode: %s
          %s
        """
            .formatted(work.resolve("repository"), work.resolve("data/serving"), mode, gate));
  }

  private Run migrate(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Bulwark.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all =
        new java.util.ArrayList<>(
            List.of("migrate", "--policies", policies.toString(), "--state", state.toString()));
    all.addAll(List.of(args));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void aDryRunPrintsWhatWouldChangeAndWritesNothing() throws IOException {
    String before = Files.readString(exams.resolve("exam-1/manifest.json"));

    Run run = migrate("--plan", "exams-v1-to-v2", "--dry-run");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "serving/exams/exam-1/manifest.json: 1 -> 2: +/data_domain +/question_count "
                + "-/questions ~/schema_version");
    assertThat(Files.readString(exams.resolve("exam-1/manifest.json"))).isEqualTo(before);
  }

  @Test
  void anApplyRunMigratesPrintsTheSnapshotAndAudits() throws IOException {
    Run run = migrate("--plan", "exams-v1-to-v2", "--json");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("phase").asText()).isEqualTo("Succeeded");
    assertThat(report.get("migrated").asInt()).isEqualTo(3);
    assertThat(report.get("snapshot_job_id").asText()).isNotBlank();
    JsonNode exam = JSON.readTree(exams.resolve("exam-2/manifest.json").toFile());
    assertThat(exam.get("schema_version").asInt()).isEqualTo(2);
    assertThat(exam.get("question_count").asInt()).isEqualTo(25);
    assertThat(exam.get("title").asText()).isEqualTo("期中考试");
    List<String> audit = Files.readAllLines(state.resolve("audit/migration_audit.jsonl"));
    assertThat(audit)
        .singleElement()
        .satisfies(
            line -> {
              JsonNode json = JSON.readTree(line);
              assertThat(json.get("actor").asText()).startsWith("cli:");
              assertThat(json.get("trigger").asText()).isEqualTo("manual");
              assertThat(json.get("job_id").asText())
                  .isEqualTo(report.get("snapshot_job_id").asText());
            });

    assertThat(migrate("--plan", "exams-v1-to-v2", "--check").exit()).isZero();
  }

  @Test
  void aClosedGateExitsOneAndSaysWhy() throws IOException {
    plan("", "apply");

    Run run = migrate("--plan", "exams-v1-to-v2");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("GateBlocked").contains("no gate evaluated yet");
  }

  @Test
  void theCheckListsObjectsAReaderOfNMinusOneCannotRead() throws IOException {
    Files.writeString(exams.resolve("exam-3/manifest.json"), "{\"schema_version\": 0}\n");

    Run run = migrate("--plan", "exams-v1-to-v2", "--check");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out().strip()).isEqualTo("serving/exams/exam-3/manifest.json (version 0)");
  }

  @Test
  void anUnknownPlanOrConflictingFlagsAreUsageErrors() {
    Run unknown = migrate("--plan", "nope");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no MigrationPlan named 'nope'").contains("exams-v1-to-v2");

    assertThat(migrate("--plan", "exams-v1-to-v2", "--dry-run", "--check").exit()).isEqualTo(2);
  }
}
