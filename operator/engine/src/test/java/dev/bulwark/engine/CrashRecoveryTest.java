package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.lock.LockInfo;
import dev.bulwark.engine.lock.RepositoryLock;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.BackupProcessMain;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kill -9 of a real backup process at several points: no partial snapshot is ever listed, verify
 * passes, and the next backup succeeds and cleans up (or finishes publishing) the dead job.
 */
class CrashRecoveryTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"bytes:1500000", "COMMITTING", "put:/index.zst", "PUBLISHING"})
  void killedBackupLeavesNoPartialSnapshotAndNextRunRecovers(String pausePoint) throws Exception {
    Path src = tmp.resolve("src");
    for (int i = 0; i < 200; i++) {
      TestTrees.randomFile(src.resolve("d" + (i % 7) + "/f" + i + ".bin"), 20_000 + i, i);
    }
    Path repoDir = tmp.resolve("repo");
    LocalTarget target = new LocalTarget(repoDir);
    Repository repo = Repository.open(target, "prod", "crash");

    String deadJob = runAndKill(repoDir, src, pausePoint);

    assertThat(repo.catalog().list()).as("no partial snapshot is listed").isEmpty();
    assertThat(new Verifier(repo).verify(VerifyRequest.builder().readData(true).build()).ok())
        .isTrue();
    LockInfo stale = RepositoryLock.read(target, repo.layout().lockKey()).orElseThrow();
    assertThat(stale.jobId()).isEqualTo(deadJob);

    BackupResult next = Fixture.backup(repo, src, SnapshotType.INCREMENTAL);

    List<SnapshotSummary> listed = repo.catalog().list();
    Path deadDir = target.pathOf(repo.layout().manifestKey(deadJob)).getParent();
    if (pausePoint.equals("PUBLISHING")) {
      // The dead job had committed its manifest: the next run finished publishing it.
      assertThat(listed).extracting(SnapshotSummary::jobId).containsExactly(deadJob, next.jobId());
      assertThat(next.snapshotType()).isEqualTo(SnapshotType.INCREMENTAL);
      assertThat(next.parentFullJobId()).isEqualTo(deadJob);
    } else {
      assertThat(listed).extracting(SnapshotSummary::jobId).containsExactly(next.jobId());
      assertThat(deadDir).as("the dead job's packs were deleted").doesNotExist();
    }
    try (Stream<Path> partial = Files.walk(repoDir.resolve(".bulwark-partial"))) {
      assertThat(partial.filter(Files::isRegularFile)).as("no incomplete uploads remain").isEmpty();
    } catch (java.nio.file.NoSuchFileException e) {
      // Nothing was ever partial.
    }
    assertThat(new Verifier(repo).verify(VerifyRequest.builder().readData(true).build()).problems())
        .isEmpty();
    Path dest = tmp.resolve("restore");
    Fixture.restoreAll(repo, next.jobId(), dest);
    assertThat(
            Files.mismatch(
                src.resolve("d3/f10.bin"), Fixture.restored(dest, src).resolve("d3/f10.bin")))
        .isEqualTo(-1);
    assertThat(RepositoryLock.read(target, repo.layout().lockKey())).isEmpty();
  }

  /** Starts a backup process, waits until it pauses at {@code pausePoint}, kills it with -9. */
  private static String runAndKill(Path repoDir, Path src, String pausePoint) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                BackupProcessMain.class.getName(),
                repoDir.toString(),
                src.toString(),
                "full",
                pausePoint)
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
      String line;
      StringBuilder seen = new StringBuilder();
      while ((line = out.readLine()) != null && !line.equals("PAUSED")) {
        seen.append(line).append('\n');
      }
      assertThat(line).as("backup process output: " + seen).isEqualTo("PAUSED");
      Process killed = process.destroyForcibly();
      assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    LockInfo lock =
        RepositoryLock.read(new LocalTarget(repoDir), "backups/prod/locks/crash.json")
            .orElseThrow();
    assertThat(JobId.isValid(lock.jobId())).isTrue();
    return lock.jobId();
  }
}
