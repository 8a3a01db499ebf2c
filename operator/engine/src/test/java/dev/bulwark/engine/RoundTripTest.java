package dev.bulwark.engine;

import static dev.bulwark.engine.testing.Fixture.backup;
import static dev.bulwark.engine.testing.Fixture.restoreAll;
import static dev.bulwark.engine.testing.Fixture.restored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.restore.RestoreResult;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.testing.TestingClock;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups restore byte-identical: full, incremental chains, points in time, paths, big files. */
class RoundTripTest {
  @TempDir Path tmp;
  private TestingClock clock;
  private Repository repo;
  private Path src;

  @BeforeEach
  void setUp() throws Exception {
    clock = TestingClock.at(Instant.parse("2026-11-28T20:35:00Z"));
    repo =
        Repository.builder(new LocalTarget(tmp.resolve("repo")), "prod", "teaching")
            .clock(clock)
            .build();
    src = tmp.resolve("src");
    TestTrees.sampleTree(src);
  }

  @Test
  void fullBackupRestoresByteIdenticalWithModesTimesAndLinks() throws Exception {
    BackupResult result = backup(repo, src, SnapshotType.FULL);
    assertThat(result.snapshotType()).isEqualTo(SnapshotType.FULL);
    assertThat(result.jobId()).matches("20261128T203500Z-[0-9a-f]{6}");
    assertThat(result.symlinks()).isEqualTo(2);

    Path dest = tmp.resolve("restore");
    RestoreResult restored = restoreAll(repo, result.jobId(), dest);
    assertThat(restored.files()).isEqualTo(result.files());
    TestTrees.assertSameTree(src, restored(dest, src));
  }

  @Test
  void incrementalChainRestoresEverySnapshotAndPointInTime() throws Exception {
    BackupResult full = backup(repo, src, SnapshotType.FULL);
    Path v0 = tmp.resolve("v0");
    Fixture.copyTree(src, v0);

    clock.advance(Duration.ofMinutes(5));
    TestTrees.write(src.resolve("exams/e1.json"), "{\"schema_version\":2,\"exam\":\"e1\"}");
    TestTrees.write(src.resolve("exams/e3.json"), "{\"exam\":\"e3\"}");
    Files.delete(src.resolve("secret.txt"));
    TestTrees.chmod(src.resolve("scripts/run.sh"), "rwx------");
    Files.delete(src.resolve("link-to-e1"));
    Files.createSymbolicLink(src.resolve("link-to-e1"), Path.of("exams/e3.json"));
    BackupResult inc1 = backup(repo, src, SnapshotType.INCREMENTAL);
    Path v1 = tmp.resolve("v1");
    Fixture.copyTree(src, v1);
    assertThat(inc1.snapshotType()).isEqualTo(SnapshotType.INCREMENTAL);
    assertThat(inc1.parentFullJobId()).isEqualTo(full.jobId());
    assertThat(inc1.filesRead()).isEqualTo(2);

    clock.advance(Duration.ofMinutes(5));
    TestTrees.write(src.resolve("学生/档案 2.json"), "{\"name\":\"李四\"}");
    // Same content as e2.json: already stored in the cycle, so it is referenced, not uploaded.
    Files.copy(src.resolve("exams/e2.json"), src.resolve("exams/e2-copy.json"));
    BackupResult inc2 = backup(repo, src, SnapshotType.INCREMENTAL);
    Path v2 = tmp.resolve("v2");
    Fixture.copyTree(src, v2);
    assertThat(inc2.parentJobId()).isEqualTo(inc1.jobId());

    clock.advance(Duration.ofMinutes(5));
    BackupResult inc3 = backup(repo, src, SnapshotType.INCREMENTAL);
    assertThat(inc3.filesRead()).isZero();
    assertThat(inc3.bytesUploaded()).isZero();
    assertThat(inc3.packsWritten()).isZero();

    Manifest m2 = repo.readManifest(repo.catalog().find(inc2.jobId()).orElseThrow());
    assertThat(m2.files().stream().map(FileEntry::path))
        .as("the cumulative delta lists what differs from the full only")
        .hasSizeLessThan((int) inc2.files())
        .anyMatch(p -> p.endsWith("exams/e3.json"))
        .anyMatch(p -> p.endsWith("e2-copy.json"));
    assertThat(m2.deleted()).anyMatch(p -> p.endsWith("secret.txt"));
    FileEntry copy = entry(m2, "e2-copy.json");
    FileEntry original =
        entry(repo.readManifest(repo.catalog().find(full.jobId()).orElseThrow()), "exams/e2.json");
    assertThat(copy.pack()).isEqualTo(original.pack());
    assertThat(copy.offset()).isEqualTo(original.offset());

    assertRestores(full.jobId(), v0);
    assertRestores(inc1.jobId(), v1);
    assertRestores(inc2.jobId(), v2);
    assertRestores(inc3.jobId(), v2);

    Path at = tmp.resolve("at");
    RestoreResult pit =
        new RestoreEngine(repo)
            .restore(RestoreRequest.builder(at).at(Instant.parse("2026-11-28T20:42:30Z")).build());
    assertThat(pit.snapshotJobId()).isEqualTo(inc1.jobId());
    TestTrees.assertSameTree(v1, restored(at, src));

    assertThat(new Verifier(repo).verify(VerifyRequest.builder().readData(true).build()).problems())
        .isEmpty();
  }

  @Test
  void restoresOnePathOrGlob() throws Exception {
    BackupResult full = backup(repo, src, SnapshotType.FULL);
    Path dest = tmp.resolve("l1");
    String base = SourceDirectory.of(src, "raw", SourcePriority.P0).archivePath();
    RestoreResult result =
        new RestoreEngine(repo)
            .restore(
                RestoreRequest.builder(dest)
                    .snapshot(full.jobId())
                    .path(base + "/exams/*.json")
                    .build());
    assertThat(result.files()).isEqualTo(2);
    Path exams = restored(dest, src).resolve("exams");
    assertThat(Files.mismatch(exams.resolve("e2.json"), src.resolve("exams/e2.json")))
        .isEqualTo(-1);
    assertThat(exams.resolve("up-link")).doesNotExist();
    assertThat(restored(dest, src).resolve("secret.txt")).doesNotExist();
  }

  @Test
  void largeFileStreamsAndIsNotReadAgainWhenUnchanged() throws Exception {
    Path big = TestTrees.randomFile(src.resolve("media/big.bin"), 300L * 1024 * 1024 + 12345, 7);
    BackupResult full = backup(repo, src, SnapshotType.FULL);
    clock.advance(Duration.ofMinutes(5));
    BackupResult unchanged = backup(repo, src, SnapshotType.INCREMENTAL);
    assertThat(unchanged.bytesRead()).isZero();
    Path dest = tmp.resolve("big");
    restoreAll(repo, unchanged.jobId(), dest);
    Path back = restored(dest, src).resolve("media/big.bin");
    assertThat(Files.size(back)).isEqualTo(Files.size(big));
    assertThat(Files.mismatch(back, big)).isEqualTo(-1);
    assertThat(Files.getLastModifiedTime(back)).isEqualTo(Files.getLastModifiedTime(big));
    assertThat(full.bytesUploaded()).isGreaterThan(300L * 1024 * 1024);
  }

  @Test
  void sourcesKeepDomainPriorityAndFilters() throws Exception {
    Path p2 = tmp.resolve("derived");
    TestTrees.write(p2.resolve("report.csv"), "a,b\n1,2\n");
    Path p0 = tmp.resolve("profiles");
    TestTrees.write(p0.resolve("s1.json"), "{}");
    TestTrees.write(p0.resolve("s1.json.tmp"), "partial");
    TestTrees.write(p0.resolve("cache/x.json"), "{}");
    BackupResult result =
        new BackupEngine(repo)
            .backup(
                BackupRequest.builder()
                    .source(SourceDirectory.of(p2, "derived", SourcePriority.P2))
                    .source(
                        new SourceDirectory(
                            p0,
                            "student_profiles",
                            SourcePriority.P0,
                            List.of(),
                            List.of("*.tmp", "cache")))
                    .snapshotType(SnapshotType.FULL)
                    .label("pre-upgrade")
                    .schemaVersion("student_profile", "3")
                    .build());
    SnapshotSummary summary = repo.catalog().find(result.jobId()).orElseThrow();
    assertThat(summary.labels()).containsExactly("pre-upgrade");
    Manifest m = repo.readManifest(summary);
    assertThat(m.schemaVersions()).containsEntry("student_profile", "3");
    assertThat(m.files().get(0).priority()).isEqualTo(SourcePriority.P0);
    assertThat(m.files().get(0).domain()).isEqualTo("student_profiles");
    assertThat(m.files()).extracting(FileEntry::path).noneMatch(p -> p.endsWith(".tmp"));
    assertThat(m.files()).extracting(FileEntry::path).noneMatch(p -> p.contains("cache"));
    assertThat(m.files()).extracting(FileEntry::path).anyMatch(p -> p.endsWith("report.csv"));
    assertThat(m.objectList()).extracting(o -> o.domain()).contains("derived", "student_profiles");
  }

  @Test
  void dryRunWritesNothing() throws Exception {
    BackupResult result =
        new BackupEngine(repo)
            .backup(
                BackupRequest.builder()
                    .source(SourceDirectory.of(src, "raw", SourcePriority.P0))
                    .snapshotType(SnapshotType.FULL)
                    .dryRun(true)
                    .build());
    assertThat(result.dryRun()).isTrue();
    assertThat(result.plannedFiles()).isNotEmpty();
    try (Stream<Path> files = Files.walk(tmp.resolve("repo"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
    assertThat(repo.catalog().list()).isEmpty();
  }

  private void assertRestores(String jobId, Path expected) throws Exception {
    Path dest = tmp.resolve("r-" + jobId);
    restoreAll(repo, jobId, dest);
    TestTrees.assertSameTree(expected, restored(dest, src));
  }

  private static FileEntry entry(Manifest m, String suffix) {
    return m.files().stream().filter(e -> e.path().endsWith(suffix)).findFirst().orElseThrow();
  }
}
