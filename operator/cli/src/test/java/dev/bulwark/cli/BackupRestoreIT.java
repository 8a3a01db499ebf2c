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
 * The snapshot commands through the real executable: backup (full, incremental, pre-upgrade),
 * snapshots, restore (everything, one path, a point in time), verify, with their exit codes.
 */
class BackupRestoreIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path work;
  private Path data;

  @BeforeEach
  void policyOverData() throws Exception {
    data = Files.createDirectories(work.resolve("data/exams/2026"));
    Files.writeString(
        data.resolve("manifest.json"), "{\"schema_version\": 1, \"exam\": \"algebra\"}\n");
    Files.write(
        data.resolve("scores.bin"),
        new java.util.Random(7)
            .ints(200_000)
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
        """);
  }

  @Test
  void backupListRestoreVerify() throws Exception {
    Result full = bulwark("backup", "--policy", "exams", "--snapshot-type", "full");
    assertThat(full.exitCode()).as(full.stderr()).isZero();
    String fullId = lastLine(full.stdout());
    assertThat(Files.exists(work.resolve("state/state/latest_local.json"))).isTrue();

    Files.writeString(
        data.resolve("manifest.json"), "{\"schema_version\": 2, \"exam\": \"algebra\"}\n");
    Result incremental = bulwark("backup", "--policy", "exams");
    assertThat(incremental.exitCode()).as(incremental.stderr()).isZero();
    Result preUpgrade = bulwark("backup", "--policy", "exams", "--pre-upgrade");
    assertThat(preUpgrade.exitCode()).as(preUpgrade.stderr()).isZero();

    JsonNode listed = JSON.readTree(bulwark("snapshots", "--policy", "exams", "--json").stdout());
    assertThat(listed).hasSize(3);
    assertThat(listed.get(0).path("job_id").asText()).isEqualTo(fullId);
    assertThat(listed.get(2).path("labels").toString()).contains("pre-upgrade");

    // L3: everything, byte-identical.
    Result all = bulwark("restore", "--policy", "exams", "--to", work.resolve("all").toString());
    assertThat(all.exitCode()).as(all.stderr()).isZero();
    Path restored = work.resolve("all").resolve(data.toString().substring(1));
    assertThat(restored.resolve("scores.bin")).hasSameBinaryContentAs(data.resolve("scores.bin"));
    assertThat(restored.resolve("manifest.json"))
        .hasSameTextualContentAs(data.resolve("manifest.json"));

    // L2: the full snapshot still holds version 1.
    Result old =
        bulwark(
            "restore",
            "--policy",
            "exams",
            "--snapshot",
            fullId,
            "--path",
            "**/manifest.json",
            "--to",
            work.resolve("old").toString());
    assertThat(old.exitCode()).as(old.stderr()).isZero();
    Path oldManifest =
        work.resolve("old").resolve(data.toString().substring(1)).resolve("manifest.json");
    assertThat(Files.readString(oldManifest)).contains("\"schema_version\": 1");
    assertThat(work.resolve("old").resolve(data.toString().substring(1)).resolve("scores.bin"))
        .doesNotExist();

    // Existing files are never overwritten without --force.
    Result again = bulwark("restore", "--policy", "exams", "--to", work.resolve("all").toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(
            bulwark(
                    "restore",
                    "--policy",
                    "exams",
                    "--force",
                    "--to",
                    work.resolve("all").toString())
                .exitCode())
        .isZero();

    assertThat(bulwark("verify", "--policy", "exams", "--read-data").exitCode()).isZero();

    // Nothing is older than coldDays (180): prune keeps all three and removes nothing.
    JsonNode pruned = JSON.readTree(bulwark("prune", "--policy", "exams", "--json").stdout());
    assertThat(pruned.path("removed")).isEmpty();
    assertThat(pruned.path("kept")).hasSize(3);
    assertThat(bulwark("verify", "--policy", "exams", "--read-data").exitCode()).isZero();
  }

  @Test
  void aFlippedByteIsNamedByVerify() throws Exception {
    assertThat(bulwark("backup", "--policy", "exams", "--snapshot-type", "full").exitCode())
        .isZero();
    Path pack = largestFile(work.resolve("state/repository"));
    byte[] bytes = Files.readAllBytes(pack);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(pack, bytes, StandardOpenOption.TRUNCATE_EXISTING);

    Result verify = bulwark("verify", "--policy", "exams", "--read-data");
    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.stdout()).contains(pack.getFileName().toString());
    Result restore = bulwark("restore", "--policy", "exams", "--to", work.resolve("r").toString());
    assertThat(restore.exitCode()).isEqualTo(1);
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    Result unknown = bulwark("backup", "--policy", "nope");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("no BackupPolicy named 'nope'").contains("exams");
    assertThat(bulwark("backup", "--policy", "exams", "--target", "ftp").exitCode()).isEqualTo(2);
    assertThat(bulwark("restore", "--policy", "exams", "--at", "yesterday", "--to", "x").exitCode())
        .isEqualTo(2);
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

  private static String lastLine(String text) {
    List<String> lines = text.lines().toList();
    return lines.get(lines.size() - 1).trim();
  }

  private static Path largestFile(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
          .orElseThrow();
    }
  }
}
