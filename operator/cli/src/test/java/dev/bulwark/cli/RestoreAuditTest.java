package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every outcome of a manual {@code bulwark restore} is a line of {@code restore_audit.jsonl} with
 * its reason: a success, a refusal (the checks before writing said no) and a failure (issue 17:
 * failed and refused restores reached only {@code audit.jsonl}).
 */
class RestoreAuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A well-formed job id no snapshot has. */
  private static final String MISSING = "20200101T000000Z-abcdef";

  @TempDir Path work;
  private Path policies;
  private Path state;

  @BeforeEach
  void aPolicyWithOneSnapshot() throws IOException {
    Path data = Files.createDirectories(work.resolve("data"));
    Files.writeString(data.resolve("exam.json"), "{\"score\": 91}");
    policies = Files.createDirectories(work.resolve("policies"));
    state = work.resolve("state");
    Files.writeString(
        policies.resolve("exams.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: exams}
        spec:
          target: local
          targets:
            local: {path: %s}
          sources: [{path: %s, domain: raw}]
        """
            .formatted(work.resolve("repository"), data));
    assertThat(bulwark("backup", "--policy", "exams")).isZero();
  }

  @Test
  void successRefusalAndFailureAreEachARestoreAuditLineWithTheirReason() throws IOException {
    Path destination = work.resolve("restored");

    assertThat(bulwark("restore", "--policy", "exams", "--to", destination.toString())).isZero();
    assertThat(bulwark("restore", "--policy", "exams", "--to", destination.toString()))
        .as("files exist")
        .isEqualTo(1);
    assertThat(
            bulwark(
                "restore",
                "--policy",
                "exams",
                "--snapshot",
                MISSING,
                "--to",
                work.resolve("other").toString()))
        .isEqualTo(1);
    assertThat(
            bulwark(
                "restore",
                "--policy",
                "exams",
                "--path",
                "**/exam.json",
                "--dry-run",
                "--to",
                work.resolve("dry").toString()))
        .as("a dry run restores nothing, so it is not audited")
        .isZero();

    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(state.resolve("audit/restore_audit.jsonl"))) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines)
        .extracting(l -> l.path("result").asText())
        .containsExactly("success", "refused", "failed");
    assertThat(lines)
        .allSatisfy(
            l -> {
              assertThat(l.path("event").asText()).isEqualTo("restore");
              assertThat(l.path("policy").asText()).isEqualTo("exams");
              assertThat(l.path("level").asText()).isEqualTo("L3");
              assertThat(l.path("trigger").asText()).isEqualTo("manual");
              assertThat(l.path("actor").asText()).startsWith("cli:");
            });
    assertThat(lines.get(0).has("failure_reason")).isFalse();
    assertThat(lines.get(1).path("failure_reason").asText()).contains(destination.toString());
    assertThat(lines.get(1).path("remediation").asText()).contains("--force");
    assertThat(lines.get(2).path("failure_reason").asText()).contains(MISSING);
    assertThat(lines.get(2).path("snapshot_job_id").asText()).isEqualTo(MISSING);
    assertThat(lines.get(2).path("remediation").asText())
        .contains("bulwark snapshots --policy exams");
    assertThat(Files.readAllLines(state.resolve("audit/audit.jsonl")))
        .filteredOn(l -> l.contains("\"event\":\"restore\""))
        .extracting(l -> JSON.readTree(l).path("result").asText())
        .containsExactly("success", "refused", "failed");
  }

  private int bulwark(String... args) {
    CommandLine cli = Bulwark.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    return cli.execute(withState(args));
  }

  private String[] withState(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(1, List.of("--policies", policies.toString(), "--state", state.toString()));
    return all.toArray(String[]::new);
  }
}
