package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.EntryType;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.PathGuard;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.restore.RestoreResult;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.Tamper;
import dev.bulwark.engine.testing.TestTrees;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restores never land outside the destination, never write through symlinks, never clobber. */
class RestoreSafetyTest {
  @TempDir Path tmp;
  private LocalTarget target;
  private Repository repo;
  private Path src;
  private SnapshotSummary snapshot;
  private String base;

  @BeforeEach
  void setUp() throws Exception {
    src = tmp.resolve("src");
    TestTrees.sampleTree(src);
    target = new LocalTarget(tmp.resolve("repo"));
    repo = Repository.open(target, "prod", "safety");
    BackupResult result = Fixture.backup(repo, src, SnapshotType.FULL);
    snapshot = repo.catalog().find(result.jobId()).orElseThrow();
    base = Fixture.restored(Path.of(""), src).toString();
  }

  @Test
  void craftedDotDotPathIsRefusedAndNothingIsWritten() throws Exception {
    assertCraftedManifestRefused(
        files -> edit(files, "exams/e1.json", e -> Tamper.withPath(e, "../../escaped.json")),
        "contains '..'");
    assertThat(tmp.resolve("escaped.json")).doesNotExist();
  }

  @Test
  void craftedAbsolutePathIsRefused() throws Exception {
    Path outside = tmp.resolve("absolute.json");
    assertCraftedManifestRefused(
        files -> edit(files, "exams/e1.json", e -> Tamper.withPath(e, outside.toString())),
        "absolute path");
    assertThat(outside).doesNotExist();
  }

  @Test
  void craftedEscapingSymlinkIsRestoredAsALinkAndNothingIsWrittenThroughIt() throws Exception {
    // A link's target is data: restored verbatim, never followed. What could be written through
    // it (an entry below it) is refused, as craftedFileUnderASymlinkIsRefused shows.
    String escaping = "../".repeat(40) + "etc";
    Tamper.rewriteFiles(
        repo,
        target,
        snapshot,
        files -> edit(files, "link-to-e1", e -> Tamper.withLink(e, escaping)));
    Path dest = tmp.resolve("dest");
    Fixture.restoreAll(repo, snapshot.jobId(), dest);
    assertThat(Files.readSymbolicLink(dest.resolve(base).resolve("link-to-e1")))
        .isEqualTo(Path.of(escaping));
  }

  @Test
  void craftedSymlinkWithAnEmptyTargetIsRefused() throws Exception {
    assertCraftedManifestRefused(
        files -> edit(files, "link-to-e1", e -> Tamper.withLink(e, "")), "empty target");
  }

  @Test
  void craftedFileUnderASymlinkIsRefused() throws Exception {
    assertCraftedManifestRefused(
        files -> {
          List<FileEntry> out = new ArrayList<>(files);
          FileEntry file = find(files, "exams/e1.json");
          out.add(Tamper.withPath(file, base + "/link-to-e1/inside.json"));
          return out;
        },
        "would be written through it");
  }

  @Test
  void pathGuardJudgesLexically() {
    assertThat(PathGuard.pathProblem("a/b/c.txt")).isNull();
    assertThat(PathGuard.pathProblem("a/../b")).contains("..");
    assertThat(PathGuard.pathProblem("/etc/passwd")).contains("absolute");
    assertThat(PathGuard.pathProblem("a//b")).contains("empty");
    assertThat(PathGuard.linkProblem("../c")).isNull();
    assertThat(PathGuard.linkProblem("../../../c"))
        .as("restored verbatim, never followed")
        .isNull();
    assertThat(PathGuard.linkProblem("/etc/passwd")).isNull();
    assertThat(PathGuard.linkProblem("")).contains("empty");
    assertThat(PathGuard.linkProblem("a\0b")).contains("NUL");
  }

  @Test
  void symlinkInDestinationPointingOutsideIsReplacedNotWrittenThrough() throws Exception {
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    Path victimFile = TestTrees.write(outside.resolve("victim.json"), "do not touch");
    Path dest = tmp.resolve("dest");
    Path restoredRoot = dest.resolve(base);
    Files.createDirectories(restoredRoot.resolve("exams"));
    // A file-level link and a directory-level link, both pointing outside the destination.
    Files.createSymbolicLink(restoredRoot.resolve("exams/e1.json"), victimFile);
    Files.createSymbolicLink(restoredRoot.resolve("学生"), outside);

    assertThatThrownBy(() -> Fixture.restoreAll(repo, snapshot.jobId(), dest))
        .isInstanceOf(RestoreRefusedException.class)
        .hasMessageContaining("pass force");

    new RestoreEngine(repo)
        .restore(RestoreRequest.builder(dest).snapshot(snapshot.jobId()).force(true).build());
    assertThat(Files.readString(victimFile)).isEqualTo("do not touch");
    try (Stream<Path> list = Files.list(outside)) {
      assertThat(list).containsExactly(victimFile);
    }
    assertThat(Files.isSymbolicLink(restoredRoot.resolve("exams/e1.json"))).isFalse();
    assertThat(Files.mismatch(restoredRoot.resolve("exams/e1.json"), src.resolve("exams/e1.json")))
        .isEqualTo(-1);
    assertThat(Files.isDirectory(restoredRoot.resolve("学生"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    TestTrees.assertSameTree(src, restoredRoot);
  }

  @Test
  void aDestinationThatSpansFileSystemsRestoresCompletely() throws Exception {
    // Directories, symlinks and file times are staged in the destination's root and renamed into
    // place; below a mount point that rename crosses file systems, and restore works in place.
    Path dest = tmp.resolve("dest");
    String top = base.substring(0, base.indexOf('/'));
    Path mount = Files.createDirectories(dest.resolve(top));
    Assumptions.assumeTrue(tryMountTmpfs(mount), "needs root to mount a tmpfs");
    try {
      Fixture.restoreAll(repo, snapshot.jobId(), dest);
      TestTrees.assertSameTreeWithTimesToTheMicrosecond(src, dest.resolve(base));
      try (Stream<Path> all = Files.walk(dest)) {
        assertThat(all.map(p -> p.getFileName().toString()))
            .as("no temporary name is left")
            .noneMatch(n -> n.startsWith(".bulwark-restore"));
      }
    } finally {
      Fixture.run("umount", mount.toString());
    }
  }

  private static boolean tryMountTmpfs(Path dir) {
    try {
      Fixture.run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", dir.toString());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void smallFilesOfManyDirectoriesInOneFrameAreAllRestored() throws Exception {
    // One 2 MiB frame holds the files of 300 directories: their sinks are open at once, each
    // holding its directory's handle, far beyond the handles a restore thread keeps open.
    Path many = tmp.resolve("many");
    for (int d = 0; d < 300; d++) {
      TestTrees.write(many.resolve("d" + d + "/a.txt"), "a" + d);
      TestTrees.write(many.resolve("d" + d + "/b.txt"), "b" + d);
    }
    Repository manyRepo =
        Repository.open(new LocalTarget(tmp.resolve("many-repo")), "prod", "many");
    BackupResult result = Fixture.backup(manyRepo, many, SnapshotType.FULL);
    Path dest = tmp.resolve("many-dest");
    new RestoreEngine(manyRepo)
        .restore(RestoreRequest.builder(dest).snapshot(result.jobId()).threads(1).build());
    TestTrees.assertSameTree(many, Fixture.restored(dest, many));
  }

  @Test
  void existingFilesAreNotOverwrittenWithoutForce() throws Exception {
    Path dest = tmp.resolve("dest");
    Path existing = TestTrees.write(dest.resolve(base).resolve("secret.txt"), "local edit");
    assertThatThrownBy(() -> Fixture.restoreAll(repo, snapshot.jobId(), dest))
        .isInstanceOf(RestoreRefusedException.class)
        .hasMessageContaining("secret.txt");
    assertThat(Files.readString(existing)).isEqualTo("local edit");
    try (Stream<Path> all = Files.walk(dest)) {
      assertThat(all.filter(Files::isRegularFile)).containsExactly(existing);
    }
    new RestoreEngine(repo)
        .restore(RestoreRequest.builder(dest).snapshot(snapshot.jobId()).force(true).build());
    assertThat(Files.readString(existing)).isEqualTo("secret");
  }

  @Test
  void dryRunVerifiesEverythingAndWritesNothing() throws Exception {
    Path dest = tmp.resolve("dry");
    RestoreResult result =
        new RestoreEngine(repo)
            .restore(RestoreRequest.builder(dest).snapshot(snapshot.jobId()).dryRun(true).build());
    assertThat(result.dryRun()).isTrue();
    assertThat(result.bytesRead()).isPositive();
    assertThat(dest).doesNotExist();
  }

  private void assertCraftedManifestRefused(UnaryOperator<List<FileEntry>> edit, String why)
      throws Exception {
    Tamper.rewriteFiles(repo, target, snapshot, edit);
    Path dest = tmp.resolve("dest-" + System.nanoTime());
    assertThatThrownBy(() -> Fixture.restoreAll(repo, snapshot.jobId(), dest))
        .isInstanceOf(RestoreRefusedException.class)
        .hasMessageContaining(why);
    assertThat(dest).as("nothing is written when a restore is refused").doesNotExist();
  }

  private static FileEntry find(List<FileEntry> files, String suffix) {
    return files.stream().filter(e -> e.path().endsWith(suffix)).findFirst().orElseThrow();
  }

  private static List<FileEntry> edit(
      List<FileEntry> files, String suffix, UnaryOperator<FileEntry> change) {
    List<FileEntry> out = new ArrayList<>();
    for (FileEntry e : files) {
      out.add(e.path().endsWith(suffix) ? change.apply(e) : e);
    }
    assertThat(out).isNotEqualTo(files);
    assertThat(out).anyMatch(e -> e.type() == EntryType.FILE);
    return out;
  }
}
