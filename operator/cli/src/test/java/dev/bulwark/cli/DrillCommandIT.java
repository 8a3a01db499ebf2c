package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.cli.BulwarkProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark drill} through the real executable: the audit record on stdout and the exit codes
 * 0, 1, 2.
 */
class DrillCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path work;

  @BeforeEach
  void aPolicyAndAnL3Drill() throws Exception {
    Path data = Files.createDirectories(work.resolve("data/exams"));
    Files.writeString(
        data.resolve("algebra.json"), "{\"schema_version\": 1, \"exam\": \"algebra\"}\n");
    Files.write(
        data.resolve("scores.bin"),
        new java.util.Random(7)
            .ints(100_000)
            .collect(
                java.io.ByteArrayOutputStream::new,
                (o, i) -> o.write(i),
                (a, b) -> a.writeBytes(b.toByteArray()))
            .toByteArray());
    Files.createDirectories(work.resolve("policies"));
    Files.writeString(
        work.resolve("policies/exams.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: exams}
        spec:
          env: test
          target: local
          sources: [{path: ../data, domain: serving, priority: P0}]
        ---
        apiVersion: bulwark.dev/v1alpha1
        kind: RestoreDrill
        metadata: {name: exams-l3}
        spec:
          policyRef: exams
          level: L3
          validators: {json: true}
          objectives: {rpo: 1h, rto: 30m}
        """);
  }

  private Result bulwark(String... args) throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--policies",
            work.resolve("policies").toString(),
            "--state",
            work.resolve("state").toString()));
    return BulwarkProcess.run(work, Map.of(), all.toArray(String[]::new));
  }

  @Test
  void aDrillPrintsItsAuditRecordAndFailsOnAFlippedByte() throws Exception {
    Result backup = bulwark("backup", "--policy", "exams", "--snapshot-type", "full");
    assertThat(backup.exitCode()).as(backup.stderr()).isZero();

    Result drill = bulwark("drill", "--drill", "exams-l3");

    assertThat(drill.exitCode()).as(drill.stderr()).isZero();
    JsonNode record = JSON.readTree(drill.stdout());
    assertThat(record.path("event").asText()).isEqualTo("drill");
    assertThat(record.path("drill").asText()).isEqualTo("exams-l3");
    assertThat(record.path("level").asText()).isEqualTo("L3");
    assertThat(record.path("result").asText()).isEqualTo("success");
    assertThat(record.path("snapshot_job_id").asText()).isNotBlank();
    assertThat(record.path("objects").asLong()).isEqualTo(2);
    assertThat(record.path("objectives_met").asBoolean()).isTrue();
    assertThat(record.path("trigger").asText()).isEqualTo("manual");
    assertThat(record.path("actor").asText()).startsWith("cli:");
    assertThat(Files.readAllLines(work.resolve("state/audit/restore_audit.jsonl"))).hasSize(1);
    try (Stream<Path> runs = Files.list(work.resolve("state/drills/exams-l3"))) {
      assertThat(runs.filter(p -> p.toString().endsWith(".json"))).hasSize(1);
    }
    assertThat(work.resolve("state/sandbox")).isEmptyDirectory();

    Path pack;
    try (Stream<Path> files = Files.walk(work.resolve("state/repository"))) {
      pack = files.filter(p -> p.toString().endsWith(".tar.zst")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(pack);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(pack, bytes, StandardOpenOption.TRUNCATE_EXISTING);

    Result failed = bulwark("drill", "--drill", "exams-l3", "--json");

    assertThat(failed.exitCode()).as(failed.stderr()).isEqualTo(1);
    JsonNode failure = JSON.readTree(failed.stdout());
    assertThat(failure.path("result").asText()).isEqualTo("failed");
    assertThat(failure.path("failure_reason").asText()).contains("scores.bin");
    assertThat(failure.path("remediation").asText())
        .contains("bulwark verify --policy exams --read-data");
    assertThat(failed.stderr()).contains("remediation:");
    assertThat(Files.readAllLines(work.resolve("state/audit/restore_audit.jsonl"))).hasSize(2);
  }

  @Test
  void anUnknownDrillIsAUsageError() throws Exception {
    Result result = bulwark("drill", "--drill", "nope");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("no RestoreDrill named 'nope'").contains("exams-l3");
  }
}
