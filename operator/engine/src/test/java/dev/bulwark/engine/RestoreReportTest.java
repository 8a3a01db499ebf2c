package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.progress.Phase;
import dev.bulwark.engine.progress.ProgressListener;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.restore.RestoreResult;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.Tamper;
import dev.bulwark.engine.testing.TestTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a restore says about itself is exact: counts that add up, paths named, doubts shown. */
class RestoreReportTest {
  @TempDir Path tmp;

  @Test
  void aRestoreThatRunsOutOfSpaceAccountsForEveryEntry() throws Exception {
    Path mount = Files.createDirectories(tmp.resolve("small-disk"));
    Assumptions.assumeTrue(tryMountTmpfs(mount, "8m"), "needs root to mount an 8 MiB tmpfs");
    try {
      Path src = tmp.resolve("src");
      for (int i = 0; i < 120; i++) {
        TestTrees.randomFile(src.resolve("d" + (i % 4) + "/f" + i + ".bin"), 48 * 1024, i);
      }
      Repository repo = Repository.open(new LocalTarget(tmp.resolve("repo")), "prod", "disk");
      BackupResult result = Fixture.backup(repo, src, SnapshotType.FULL);
      Path dest = mount.resolve("dest");
      // The pre-check sees enough room; then another writer takes 5 MiB, as happens on a shared
      // disk, so the restore meets ENOSPC midway.
      ProgressListener hog =
          new ProgressListener() {
            @Override
            public void phaseStarted(Phase phase) {
              if (phase == Phase.RESTORING) {
                try {
                  Files.write(mount.resolve("hog"), new byte[5 * 1024 * 1024]);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            }
          };
      RestoreFailedException failed =
          (RestoreFailedException)
              org.assertj.core.api.Assertions.catchThrowable(
                  () ->
                      new RestoreEngine(repo)
                          .restore(
                              RestoreRequest.builder(dest)
                                  .snapshot(result.jobId())
                                  .threads(2)
                                  .build(),
                              hog));
      assertThat(failed).isNotNull();
      assertThat(failed.getMessage())
          .contains("No space left on device")
          .as("the message names the destination file that did not fit")
          .containsPattern("cannot write " + dest.toRealPath() + "/\\S+: No space left on device");

      Path restored = Fixture.restored(dest, src);
      String base = Fixture.restored(Path.of(""), src).toString();
      Set<String> present = new HashSet<>();
      try (Stream<Path> walk = Files.walk(restored)) {
        walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
            .forEach(p -> present.add(base + "/" + restored.relativize(p)));
      }
      Set<String> reported = new HashSet<>();
      failed.failures().forEach(f -> reported.add(f.path()));
      List<String> files = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(src)) {
        walk.filter(Files::isRegularFile).forEach(p -> files.add(base + "/" + src.relativize(p)));
      }
      for (String file : files) {
        assertThat(present.contains(file) != reported.contains(file))
            .as(
                "%s is either restored or reported, never both or neither (present %d, reported %d)",
                file, present.size(), reported.size())
            .isTrue();
      }
      RestoreFailedException.Counts counts = failed.counts();
      assertThat(counts.restored() + counts.failed() + counts.refused() + counts.notAttempted())
          .isEqualTo(counts.selected());
      assertThat(counts.selected() - counts.restored()).isEqualTo(failed.failures().size());
      assertThat(counts.notAttempted()).as(failed.getMessage()).isPositive();
      assertThat(failed.getMessage())
          .contains(counts.restored() + " of " + counts.selected() + " entries restored")
          .contains(counts.notAttempted() + " not attempted");
    } finally {
      Fixture.run("umount", mount.toString());
    }
  }

  @Test
  void restoringFilesMarkedUnstableAtBackupWarnsAndNamesThem() throws Exception {
    Path src = tmp.resolve("src");
    TestTrees.write(src.resolve("steady.json"), "{\"v\":1}");
    TestTrees.write(src.resolve("busy.log"), "line 1\n");
    LocalTarget target = new LocalTarget(tmp.resolve("repo"));
    Repository repo = Repository.open(target, "prod", "unstable");
    BackupResult result = Fixture.backup(repo, src, SnapshotType.FULL);
    SnapshotSummary snapshot = repo.catalog().find(result.jobId()).orElseThrow();
    // The flag as a backup writes it when the file never held still while it was read.
    Tamper.rewriteFiles(
        repo,
        target,
        snapshot,
        files -> {
          List<FileEntry> out = new ArrayList<>();
          for (FileEntry e : files) {
            out.add(e.path().endsWith("busy.log") ? Tamper.withUnstable(e) : e);
          }
          return out;
        });

    RestoreResult restored = Fixture.restoreAll(repo, result.jobId(), tmp.resolve("dest"));
    assertThat(restored.warnings())
        .anySatisfy(w -> assertThat(w).contains("busy.log").contains("unstable"))
        .noneSatisfy(w -> assertThat(w).contains("steady.json"));
    RestoreResult dry =
        new RestoreEngine(repo)
            .restore(
                RestoreRequest.builder(tmp.resolve("dry"))
                    .snapshot(result.jobId())
                    .dryRun(true)
                    .build());
    assertThat(dry.warnings()).anySatisfy(w -> assertThat(w).contains("busy.log"));
  }

  @Test
  void aBackupOntoAFullDiskNamesTheFileItCouldNotWrite() throws Exception {
    Path mount = Files.createDirectories(tmp.resolve("small-repo"));
    Assumptions.assumeTrue(tryMountTmpfs(mount, "2m"), "needs root to mount a 2 MiB tmpfs");
    try {
      Path src = tmp.resolve("src");
      for (int i = 0; i < 4; i++) {
        TestTrees.randomFile(src.resolve("b" + i + ".bin"), 1024 * 1024, i);
      }
      Repository repo = Repository.open(new LocalTarget(mount.resolve("repo")), "prod", "disk");
      assertThatThrownBy(() -> Fixture.backup(repo, src, SnapshotType.FULL))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("No space left on device")
          .hasMessageContaining(mount.toString());
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
