package dev.bulwark.engine;

import static dev.bulwark.engine.testing.Fixture.backup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.CatalogEntry;
import dev.bulwark.engine.format.IndexRef;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.index.IndexedLookup;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.restore.RestoreResult;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.CountingTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.Tamper;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.testing.TestingClock;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyProblem;
import dev.bulwark.engine.verify.VerifyRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L1 restores through the seekable index: byte-identical single files and subtrees of fulls and
 * incrementals without reading a manifest, old snapshots without an index still restore, a damaged
 * index is named by verify and fails the restore, and a lookup reads a few KiB of index.
 */
class IndexedRestoreTest {
  @TempDir Path tmp;
  private TestingClock clock;
  private LocalTarget local;
  private CountingTarget target;
  private Repository repo;
  private Path src;
  private String base;

  @BeforeEach
  void setUp() throws Exception {
    clock = TestingClock.at(Instant.parse("2026-11-28T20:35:00Z"));
    local = new LocalTarget(tmp.resolve("repo"));
    target = new CountingTarget(local);
    repo = Repository.builder(target, "prod", "teaching").clock(clock).build();
    src = tmp.resolve("src");
    base = SourceDirectory.of(src, "raw", SourcePriority.P0).archivePath();
  }

  @Test
  void singleFilesAndSubtreesOfFullsAndIncrementalsRestoreByteIdenticalFromTheIndex()
      throws Exception {
    TestTrees.sampleTree(src);
    BackupResult full = backup(repo, src, SnapshotType.FULL);
    Path v0 = tmp.resolve("v0");
    Fixture.copyTree(src, v0);
    clock.advance(Duration.ofMinutes(5));
    TestTrees.write(src.resolve("exams/e1.json"), "{\"schema_version\":1,\"exam\":\"changed\"}");
    TestTrees.write(src.resolve("exams/e3.json"), "{\"exam\":\"e3\"}");
    Files.delete(src.resolve("secret.txt"));
    BackupResult incremental = backup(repo, src, SnapshotType.INCREMENTAL);
    assertThat(incremental.snapshotType()).isEqualTo(SnapshotType.INCREMENTAL);
    Path v1 = tmp.resolve("v1");
    Fixture.copyTree(src, v1);

    List<String> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(v0)) {
      walk.filter(p -> !p.equals(v0)).forEach(p -> paths.add(v0.relativize(p).toString()));
    }
    paths.add("exams/e3.json");
    int n = 0;
    for (BackupResult snapshot : List.of(full, incremental)) {
      Path expected = snapshot == full ? v0 : v1;
      for (String path : paths) {
        boolean exists =
            Files.exists(expected.resolve(path), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Path dest = tmp.resolve("l1-" + n++);
        target.reset();
        RestoreRequest request =
            RestoreRequest.builder(dest).snapshot(snapshot.jobId()).path(base + "/" + path).build();
        if (!exists) {
          assertThatThrownBy(() -> new RestoreEngine(repo).restore(request))
              .as(path + " is not in " + snapshot.jobId())
              .isInstanceOf(RestoreRefusedException.class)
              .hasMessageContaining("no entry");
          continue;
        }
        new RestoreEngine(repo).restore(request);
        assertThat(target.bytesRead("backup_manifest.json"))
            .as("an L1 restore of %s reads no manifest", path)
            .isZero();
        assertThat(target.bytesRead("/index.zst")).isPositive();
        Path restored = Fixture.restored(dest, src).resolve(path);
        Path original = expected.resolve(path);
        if (Files.isDirectory(original, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          TestTrees.assertSameTree(original, restored);
        } else if (Files.isSymbolicLink(original)) {
          assertThat(Files.readSymbolicLink(restored)).isEqualTo(Files.readSymbolicLink(original));
        } else {
          assertThat(Files.mismatch(original, restored)).as(path).isEqualTo(-1);
        }
      }
    }
    assertThat(new Verifier(repo).verify(VerifyRequest.builder().readData(true).build()).problems())
        .isEmpty();
  }

  @Test
  void snapshotsWrittenWithoutAnIndexRestoreFromTheirManifests() throws Exception {
    TestTrees.sampleTree(src);
    BackupResult full = backup(repo, src, SnapshotType.FULL);
    clock.advance(Duration.ofMinutes(5));
    TestTrees.write(src.resolve("exams/e3.json"), "{\"exam\":\"e3\"}");
    BackupResult incremental = backup(repo, src, SnapshotType.INCREMENTAL);
    // As an older bulwark wrote them: the full without an index (manifest, catalog entry, object).
    SnapshotSummary s = repo.catalog().find(full.jobId()).orElseThrow();
    IndexRef ref = repo.readManifest(s).index();
    Tamper.rewriteFiles(repo, local, s, files -> files);
    local.delete(ref.key());
    assertThat(repo.readManifest(s).index()).isNull();

    for (BackupResult snapshot : List.of(full, incremental)) {
      Path dest = tmp.resolve("old-" + snapshot.jobId());
      target.reset();
      new RestoreEngine(repo)
          .restore(
              RestoreRequest.builder(dest)
                  .snapshot(snapshot.jobId())
                  .path(base + "/exams/e2.json")
                  .build());
      assertThat(target.bytesRead("backup_manifest.json"))
          .as("without the full's index, the manifests answer")
          .isPositive();
      assertThat(
              Files.mismatch(
                  src.resolve("exams/e2.json"),
                  Fixture.restored(dest, src).resolve("exams/e2.json")))
          .isEqualTo(-1);
    }
    assertThat(new Verifier(repo).verify(VerifyRequest.builder().readData(true).build()).problems())
        .isEmpty();
  }

  @Test
  void aFlippedByteInTheIndexIsNamedByVerifyAndFailsTheRestoreLoudly() throws Exception {
    for (int d = 0; d < 4; d++) {
      for (int f = 0; f < 100; f++) {
        TestTrees.write(
            src.resolve("d" + d + "/f" + f + ".json"), "{\"d\":" + d + ",\"f\":" + f + "}");
      }
    }
    BackupResult full = backup(repo, src, SnapshotType.FULL);
    SnapshotSummary s = repo.catalog().find(full.jobId()).orElseThrow();
    IndexRef ref = repo.readManifest(s).index();
    Path file = local.pathOf(ref.key());
    byte[] original = Files.readAllBytes(file);
    List<String> missed = new ArrayList<>();
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    int restores = 0;
    for (int offset = 0; offset < original.length; offset += 1 + random.nextInt(64)) {
      byte[] damaged = original.clone();
      damaged[offset] ^= (byte) (1 << random.nextInt(8));
      Files.write(file, damaged);
      List<VerifyProblem> problems =
          new Verifier(repo).verify(VerifyRequest.builder().readData(true).build()).problems();
      if (problems.stream().noneMatch(p -> p.object().equals(ref.key()))) {
        missed.add("byte " + offset + ": " + problems);
      }
      if (offset >= ref.tableOffset() || restores < 40) {
        // The table, and a sample of block bytes: the restore reads the table and one block.
        restores++;
        Path dest = tmp.resolve("flip-" + offset);
        String path = base + "/d" + (offset % 4) + "/f" + (offset % 100) + ".json";
        try {
          new RestoreEngine(repo)
              .restore(RestoreRequest.builder(dest).snapshot(full.jobId()).path(path).build());
          // A flip in a block the lookup did not read cannot matter to it; the file is right.
          Path restored = dest.resolve(path);
          Path expected = src.resolve(path.substring(base.length() + 1));
          assertThat(Files.mismatch(expected, restored)).isEqualTo(-1);
          assertThat((long) offset)
              .as("a flip in the table is always noticed")
              .isLessThan(ref.tableOffset());
        } catch (IntegrityException e) {
          assertThat(e.getMessage()).contains(ref.key());
          assertThat(dest.resolve(path)).doesNotExist();
        }
      }
    }
    Files.write(file, original);
    assertThat(missed).as("flips verify did not name").isEmpty();
  }

  @Test
  void aLookupInATwentyThousandEntrySnapshotReadsAFewKibOfIndexAndNoManifest() throws Exception {
    for (int d = 0; d < 100; d++) {
      for (int f = 0; f < 200; f++) {
        TestTrees.write(
            src.resolve("dir" + d + "/exam-" + f + ".json"),
            "{\"schema_version\":1,\"dir\":" + d + ",\"exam\":" + f + "}");
      }
    }
    BackupResult full = backup(repo, src, SnapshotType.FULL);
    assertThat(full.files()).isEqualTo(20_000);
    Path v0 = tmp.resolve("v0-dir7");
    Fixture.copyTree(src.resolve("dir7"), v0);
    clock.advance(Duration.ofMinutes(5));
    TestTrees.write(src.resolve("dir7/exam-7.json"), "{\"schema_version\":1,\"changed\":true}");
    BackupResult incremental = backup(repo, src, SnapshotType.INCREMENTAL);
    SnapshotSummary fullSummary = repo.catalog().find(full.jobId()).orElseThrow();
    long manifestBytes = Files.size(local.pathOf(fullSummary.manifestKey()));

    for (BackupResult snapshot : List.of(full, incremental)) {
      for (String file : List.of("dir0/exam-0.json", "dir57/exam-123.json", "dir7/exam-7.json")) {
        Path dest = tmp.resolve("one-" + snapshot.jobId() + "-" + file.replace('/', '_'));
        target.reset();
        RestoreResult result =
            new RestoreEngine(repo)
                .restore(
                    RestoreRequest.builder(dest)
                        .snapshot(snapshot.jobId())
                        .path(base + "/" + file)
                        .build());
        assertThat(result.files()).isEqualTo(1);
        Path expected =
            snapshot == full && file.startsWith("dir7/")
                ? v0.resolve(file.substring(5))
                : src.resolve(file);
        assertThat(Files.mismatch(expected, Fixture.restored(dest, src).resolve(file)))
            .isEqualTo(-1);
        long index = target.bytesRead("/index.zst");
        assertThat(index)
            .as("index bytes read to restore %s of a %d-byte manifest", file, manifestBytes)
            .isPositive()
            .isLessThan(32 * 1024);
        assertThat(target.bytesRead("backup_manifest.json")).isZero();
      }
    }
    // 315 blocks: a root of level 2 over level-1 nodes; verify walks and checks the whole tree.
    assertThat(repo.readCatalogEntry(fullSummary).index().entries()).isEqualTo(20_101);
    assertThat(new Verifier(repo).verify(VerifyRequest.builder().readData(true).build()).problems())
        .isEmpty();
    IndexedLookup lookup = new IndexedLookup(repo);
    SnapshotSummary inc = repo.catalog().find(incremental.jobId()).orElseThrow();
    assertThat(lookup.select(inc, List.of(base + "/dir7"))).isPresent();
    assertThat(lookup.select(inc, List.of(base + "/dir7")).orElseThrow().entries())
        .as("the subtree: its directory, 200 files, and the directories above")
        .hasSize(1 + 200 + 1);
  }

  @Test
  void anEncryptedRepositorysIndexIsSealedAndOpensOnlyWithItsKey() throws Exception {
    TestTrees.sampleTree(src);
    byte[] raw = new byte[32];
    new java.security.SecureRandom().nextBytes(raw);
    Repository sealed =
        Repository.builder(target, "prod", "sealed")
            .clock(clock)
            .encryptionKey(dev.bulwark.engine.crypto.EncryptionKey.ofBytes(raw))
            .build();
    backup(sealed, src, SnapshotType.FULL);
    clock.advance(Duration.ofMinutes(5));
    TestTrees.write(src.resolve("exams/e3.json"), "{\"exam\":\"e3\"}");
    BackupResult incremental = backup(sealed, src, SnapshotType.INCREMENTAL);
    SnapshotSummary s = sealed.catalog().find(incremental.jobId()).orElseThrow();
    IndexRef ref = sealed.readCatalogEntry(s).index();
    assertThat(ref.key()).endsWith("/index.zst.gcm");
    assertThat(ref.keyId()).isEqualTo(sealed.encryptionKey().orElseThrow().keyId());
    assertThat(new String(Files.readAllBytes(local.pathOf(ref.key())), "ISO-8859-1"))
        .as("no path is readable in a sealed index")
        .doesNotContain("e3.json");

    for (String file : List.of("exams/e3.json", "exams/e2.json")) {
      Path dest = tmp.resolve("sealed-" + file.replace('/', '_'));
      target.reset();
      new RestoreEngine(sealed)
          .restore(
              RestoreRequest.builder(dest)
                  .snapshot(incremental.jobId())
                  .path(base + "/" + file)
                  .build());
      assertThat(target.bytesRead("backup_manifest.json")).isZero();
      assertThat(Files.mismatch(src.resolve(file), Fixture.restored(dest, src).resolve(file)))
          .isEqualTo(-1);
    }
    Repository keyless = Repository.builder(target, "prod", "sealed").clock(clock).build();
    assertThatThrownBy(
            () ->
                new RestoreEngine(keyless)
                    .restore(
                        RestoreRequest.builder(tmp.resolve("keyless"))
                            .snapshot(incremental.jobId())
                            .path(base + "/exams/e2.json")
                            .build()))
        .isInstanceOf(EncryptionKeyException.class)
        .hasMessageContaining("no encryption key");
    assertThat(
            new Verifier(sealed).verify(VerifyRequest.builder().readData(true).build()).problems())
        .isEmpty();
  }

  @Test
  void theCatalogEntryCarriesTheManifestsIndexReference() throws Exception {
    TestTrees.sampleTree(src);
    BackupResult full = backup(repo, src, SnapshotType.FULL);
    SnapshotSummary s = repo.catalog().find(full.jobId()).orElseThrow();
    Manifest m = repo.readManifest(s);
    CatalogEntry entry = repo.readCatalogEntry(s);
    assertThat(m.index()).isNotNull();
    assertThat(entry.index()).isEqualTo(m.index());
    assertThat(m.index().key()).isEqualTo(repo.layout().indexKey(full.jobId(), false));
    assertThat(Files.size(local.pathOf(m.index().key()))).isEqualTo(m.index().size());
  }
}
