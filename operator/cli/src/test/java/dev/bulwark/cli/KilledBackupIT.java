package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.cli.BulwarkProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the {@code bulwark backup} process itself, mid-upload: whatever point it died at, no
 * partial snapshot is listed, verify passes, and the next backup succeeds. (The engine's
 * CrashRecoveryTest kills at exact commit points; this one kills the real executable.)
 */
class KilledBackupIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path work;

  @Test
  void aKilledBackupLeavesNoPartialSnapshot() throws Exception {
    Random random = new Random(11);
    for (int i = 0; i < 120; i++) {
      byte[] bytes = new byte[800_000];
      random.nextBytes(bytes);
      Path file = work.resolve("data/d" + (i % 6) + "/blob-" + i + ".bin");
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    }
    Files.createDirectories(work.resolve("policies"));
    Files.writeString(
        work.resolve("policies/blobs.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: blobs}
        spec:
          target: local
          sources: [{path: ../data, domain: raw}]
        """);
    Path log = work.resolve("backup.log");
    Process backup = BulwarkProcess.start(work, Map.of(), log, args("backup", "--policy", "blobs"));
    Path repository = work.resolve("state/repository");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && backup.isAlive() && !Files.exists(repository)) {
      Thread.sleep(10);
    }
    Thread.sleep(100);
    assertThat(backup.isAlive()).as("the backup is killed while it runs").isTrue();
    backup.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

    JsonNode listed = JSON.readTree(bulwark("snapshots", "--policy", "blobs", "--json").stdout());
    assertThat(listed.size())
        .as("a snapshot is listed only if it completed")
        .isLessThanOrEqualTo(1);
    assertThat(bulwark("verify", "--policy", "blobs", "--read-data").exitCode()).isZero();

    Result next = bulwark("backup", "--policy", "blobs");
    assertThat(next.exitCode()).as(next.stderr()).isZero();
    JsonNode after = JSON.readTree(bulwark("snapshots", "--policy", "blobs", "--json").stdout());
    assertThat(after.size()).isEqualTo(listed.size() + 1);
    Result restore =
        bulwark("restore", "--policy", "blobs", "--to", work.resolve("restored").toString());
    assertThat(restore.exitCode()).as(restore.stderr()).isZero();
    Path restored = work.resolve("restored").resolve(work.resolve("data").toString().substring(1));
    assertThat(restored.resolve("d3/blob-9.bin"))
        .hasSameBinaryContentAs(work.resolve("data/d3/blob-9.bin"));
  }

  private String[] args(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--policies",
            work.resolve("policies").toString(),
            "--state",
            work.resolve("state").toString()));
    return all.toArray(String[]::new);
  }

  private Result bulwark(String... args) throws Exception {
    return BulwarkProcess.run(work, Map.of(), args(args));
  }
}
