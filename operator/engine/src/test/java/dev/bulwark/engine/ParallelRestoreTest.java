package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.progress.Phase;
import dev.bulwark.engine.progress.ProgressListener;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.restore.RestoreResult;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.TestTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directories are made and given their modes and times a depth level at a time on several threads:
 * the result must be the same tree, bytes, modes and times, as the source, whatever the thread
 * count.
 */
class ParallelRestoreTest {
  @TempDir Path tmp;

  @Test
  void manyDirectoriesRestoreIdenticallyOnOneAndOnFourThreads() throws Exception {
    Path src = tmp.resolve("src");
    for (int a = 0; a < 6; a++) {
      for (int b = 0; b < 40; b++) {
        Path dir = src.resolve("a" + a).resolve("b" + b).resolve("c" + (b % 3));
        TestTrees.randomFile(dir.resolve("f.bin"), 1000 + 37L * b, a * 100L + b);
        TestTrees.touch(dir.resolve("f.bin"), Instant.parse("2023-05-06T07:08:09.123456789Z"));
        TestTrees.touch(dir, Instant.parse("2022-01-0" + (1 + b % 9) + "T00:00:00.000001Z"));
        if (b % 5 == 0) {
          TestTrees.chmod(dir, "r-xr-x---"); // read-only: its metadata must come after its file
        }
        TestTrees.touch(dir.getParent(), Instant.parse("2021-03-04T05:06:07Z"));
      }
      TestTrees.chmod(src.resolve("a" + a), a % 2 == 0 ? "rwx------" : "r-xr-xr-x");
      TestTrees.touch(src.resolve("a" + a), Instant.parse("2020-02-02T02:02:02Z"));
    }
    Repository repo = Repository.open(new LocalTarget(tmp.resolve("repo")), "prod", "parallel");
    BackupResult backup = Fixture.backup(repo, src, SnapshotType.FULL);

    for (int threads : new int[] {1, 4}) {
      Path dest = tmp.resolve("dest-" + threads);
      RestoreResult result =
          new RestoreEngine(repo)
              .restore(
                  RestoreRequest.builder(dest).snapshot(backup.jobId()).threads(threads).build());
      assertThat(result.files()).isEqualTo(240);
      TestTrees.assertSameTree(src, Fixture.restored(dest, src));
    }
  }

  @Test
  void anInterruptedRestoreLeavesNoIncompleteFileAndARerunCompletesIt() throws Exception {
    Path src = tmp.resolve("src");
    for (int i = 0; i < 24; i++) {
      TestTrees.randomFile(src.resolve("d" + i).resolve("f.bin"), 700_000 + 1000L * i, i);
    }
    Repository repo = Repository.open(new LocalTarget(tmp.resolve("repo")), "prod", "interrupt");
    BackupResult backup = Fixture.backup(repo, src, SnapshotType.FULL);
    Path dest = tmp.resolve("dest");
    ProgressListener interruptWhenWriting =
        new ProgressListener() {
          @Override
          public void phaseStarted(Phase phase) {
            if (phase == Phase.RESTORING) {
              Thread.currentThread().interrupt(); // as a cancelled caller would
            }
          }
        };

    assertThatThrownBy(
            () ->
                new RestoreEngine(repo)
                    .restore(
                        RestoreRequest.builder(dest).snapshot(backup.jobId()).threads(2).build(),
                        interruptWhenWriting))
        .isInstanceOf(RestoreFailedException.class)
        .hasMessageContaining("Interrupted");
    assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
    Path restored = Fixture.restored(dest, src);
    try (Stream<Path> files = Files.walk(dest)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        assertThat(p.getFileName().toString()).doesNotStartWith(".bulwark-restore");
        if (Files.isRegularFile(p)) {
          Path original = src.resolve(restored.relativize(p).toString());
          assertThat(Files.mismatch(original, p)).as("complete-looking " + p).isEqualTo(-1L);
        }
      }
    }

    new RestoreEngine(repo)
        .restore(RestoreRequest.builder(dest).snapshot(backup.jobId()).force(true).build());
    TestTrees.assertSameTree(src, restored);
  }
}
