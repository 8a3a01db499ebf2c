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
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.FullDiskTarget;
import dev.bulwark.engine.testing.TestTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk fails a backup or restore clearly and leaves nothing that looks complete. */
class DiskFullTest {
  @TempDir Path tmp;

  @Test
  void backupOntoAFullDiskFailsAndCommitsNothing() throws Exception {
    Path src = tmp.resolve("src");
    TestTrees.sampleTree(src);
    for (int i = 0; i < 6; i++) {
      TestTrees.randomFile(src.resolve("blobs/b" + i + ".bin"), 1024 * 1024, i);
    }
    LocalTarget local = new LocalTarget(tmp.resolve("repo"));
    Repository full = Repository.open(new FullDiskTarget(local, 2 * 1024 * 1024), "prod", "disk");

    assertThatThrownBy(() -> Fixture.backup(full, src, SnapshotType.FULL))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("No space left on device");

    Repository repo = Repository.open(local, "prod", "disk");
    assertThat(repo.catalog().list()).isEmpty();
    try (Stream<Path> files = Files.walk(tmp.resolve("repo"))) {
      assertThat(files.filter(Files::isRegularFile))
          .as("no manifest, no pack, no partial upload, no lock is left")
          .isEmpty();
    }
    BackupResult retry = Fixture.backup(repo, src, SnapshotType.FULL);
    assertThat(repo.catalog().list()).hasSize(1);
    assertThat(retry.files()).isPositive();
  }

  @Test
  void restoreThatRunsOutOfSpaceMidWayLeavesNoPartialFile() throws Exception {
    Path mount = tmp.resolve("small-disk");
    Files.createDirectories(mount);
    Assumptions.assumeTrue(tryMountTmpfs(mount, "8m"), "needs root to mount an 8 MiB tmpfs");
    try {
      Path src = tmp.resolve("src");
      TestTrees.write(src.resolve("a-small.txt"), "small");
      for (int i = 0; i < 3; i++) {
        TestTrees.randomFile(src.resolve("big" + i + ".bin"), 2 * 1024 * 1024, i);
      }
      Repository repo = Repository.open(new LocalTarget(tmp.resolve("repo")), "prod", "disk");
      BackupResult result = Fixture.backup(repo, src, SnapshotType.FULL);
      Path dest = mount.resolve("dest");
      // The pre-check sees enough room; then another writer takes 3 MiB, as happens on a shared
      // disk, so the restore itself meets ENOSPC.
      ProgressListener hog =
          new ProgressListener() {
            @Override
            public void phaseStarted(Phase phase) {
              if (phase == Phase.RESTORING) {
                try {
                  Files.write(mount.resolve("hog"), new byte[3 * 1024 * 1024]);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
            }
          };
      assertThatThrownBy(
              () ->
                  new RestoreEngine(repo)
                      .restore(
                          RestoreRequest.builder(dest).snapshot(result.jobId()).threads(1).build(),
                          hog))
          .isInstanceOf(RestoreFailedException.class)
          .hasMessageContaining("No space left on device");
      Path restored = Fixture.restored(dest, src);
      int complete = 0;
      try (Stream<Path> files = Files.walk(mount)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          String name = f.getFileName().toString();
          assertThat(name).as("no temporary file is left").doesNotStartWith(".bulwark-restore");
          if (f.startsWith(restored)) {
            assertThat(Files.mismatch(f, src.resolve(name)))
                .as("a file under its own name is complete: " + name)
                .isEqualTo(-1);
            complete++;
          }
        }
      }
      assertThat(complete).as("some files did not fit").isLessThan(4);
    } finally {
      Fixture.run("umount", mount.toString());
    }
  }

  @Test
  void restoreThatCannotFitIsRefusedBeforeWriting() throws Exception {
    Path mount = tmp.resolve("tiny-disk");
    Files.createDirectories(mount);
    Assumptions.assumeTrue(tryMountTmpfs(mount, "2m"), "needs root to mount a tmpfs");
    try {
      Path src = tmp.resolve("src2");
      TestTrees.randomFile(src.resolve("big.bin"), 3 * 1024 * 1024, 3);
      Repository repo = Repository.open(new LocalTarget(tmp.resolve("repo2")), "prod", "disk");
      BackupResult result = Fixture.backup(repo, src, SnapshotType.FULL);
      Path dest = mount.resolve("dest");
      assertThatThrownBy(() -> Fixture.restoreAll(repo, result.jobId(), dest))
          .isInstanceOf(RestoreRefusedException.class)
          .hasMessageContaining("not enough free space");
      assertThat(dest).doesNotExist();
    } finally {
      Fixture.run("umount", mount.toString());
    }
  }

  private static boolean tryMountTmpfs(Path dir, String size) {
    try {
      Fixture.run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
