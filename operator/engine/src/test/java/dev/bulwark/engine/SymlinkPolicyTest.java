package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.restore.RestoreResult;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyRequest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symlinks are data: backed up with their target text, restored as links with that text (absolute,
 * escaping or dangling alike), and never followed by a restore. What a restore still refuses, a
 * backup warns about.
 */
class SymlinkPolicyTest {
  @TempDir Path tmp;

  @Test
  void absoluteEscapingAndDanglingSymlinksAreRestoredAsLinksAndNeverFollowed() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path victim = TestTrees.write(outside.resolve("victim.txt"), "do not touch");
    Path src = tmp.resolve("src");
    TestTrees.write(src.resolve("data/e1.json"), "{\"e\":1}");
    Files.createSymbolicLink(src.resolve("data/hostname"), Path.of("/etc/hostname"));
    Files.createSymbolicLink(src.resolve("data/victim"), victim);
    Files.createSymbolicLink(src.resolve("data/outside-dir"), outside);
    Files.createSymbolicLink(
        src.resolve("data/escaping"), Path.of("../../../../../../../outside/victim.txt"));
    Files.createSymbolicLink(src.resolve("data/dangling"), Path.of("/nonexistent/bulwark/x"));
    Repository repo = Repository.open(new LocalTarget(tmp.resolve("repo")), "prod", "links");
    BackupResult backup = Fixture.backup(repo, src, SnapshotType.FULL);
    assertThat(backup.warnings())
        .as("nothing here is refused by a restore, so nothing to warn of")
        .isEmpty();

    Path dest = tmp.resolve("dest");
    RestoreResult restored = Fixture.restoreAll(repo, backup.jobId(), dest);
    assertThat(restored.symlinks()).isEqualTo(5);
    Path data = Fixture.restored(dest, src).resolve("data");
    assertThat(Files.readSymbolicLink(data.resolve("hostname")))
        .isEqualTo(Path.of("/etc/hostname"));
    assertThat(Files.readSymbolicLink(data.resolve("victim"))).isEqualTo(victim);
    assertThat(Files.readSymbolicLink(data.resolve("outside-dir"))).isEqualTo(outside);
    assertThat(Files.readSymbolicLink(data.resolve("escaping")))
        .isEqualTo(Path.of("../../../../../../../outside/victim.txt"));
    assertThat(Files.readSymbolicLink(data.resolve("dangling")))
        .isEqualTo(Path.of("/nonexistent/bulwark/x"));
    TestTrees.assertSameTree(src, Fixture.restored(dest, src));

    // Again over the restored tree, forced: every link is replaced, none is written through.
    new RestoreEngine(repo)
        .restore(RestoreRequest.builder(dest).snapshot(backup.jobId()).force(true).build());
    assertThat(Files.readString(victim)).isEqualTo("do not touch");
    try (Stream<Path> list = Files.list(outside)) {
      assertThat(list).containsExactly(victim);
    }
    assertThat(new Verifier(repo).verify(VerifyRequest.builder().readData(true).build()).problems())
        .isEmpty();
  }

  @Test
  void sourcesThatPutEntriesBelowASymlinkOfTheSnapshotAreWarnedOfAtBackupAndRefusedAtRestore()
      throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Path other = Files.createDirectories(tmp.resolve("other"));
    TestTrees.write(data.resolve("a.txt"), "a");
    TestTrees.write(other.resolve("sub/b.txt"), "b");
    Files.createSymbolicLink(data.resolve("link"), other);
    // The second source is named through the first one's symlink: its entries are stored below
    // the link, where no restore can put them.
    Path throughLink = data.resolve("link/sub");
    Repository repo = Repository.open(new LocalTarget(tmp.resolve("repo")), "prod", "overlap");
    BackupResult backup =
        new BackupEngine(repo)
            .backup(
                BackupRequest.builder()
                    .sources(
                        List.of(
                            SourceDirectory.of(data, "raw", SourcePriority.P0),
                            SourceDirectory.of(throughLink, "raw", SourcePriority.P1)))
                    .snapshotType(SnapshotType.FULL)
                    .build());

    String link = SourceDirectory.of(data, "raw", SourcePriority.P0).archivePath() + "/link";
    assertThat(backup.warnings())
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .contains(throughLink.toString())
                    .contains("below symlink " + link)
                    .contains("restore"));
    assertThatThrownBy(() -> Fixture.restoreAll(repo, backup.jobId(), tmp.resolve("dest")))
        .isInstanceOf(RestoreRefusedException.class)
        .hasMessageContaining("lies under symlink '" + link + "'");
    assertThat(tmp.resolve("dest")).doesNotExist();
    assertThat(Files.isSymbolicLink(data.resolve("link"))).isTrue();
    assertThat(Files.exists(other.resolve("sub/b.txt"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}
