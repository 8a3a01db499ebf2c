package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.catalog.SnapshotIndex;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.Tamper;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyProblem;
import dev.bulwark.engine.verify.VerifyReport;
import dev.bulwark.engine.verify.VerifyRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Flipped bytes are found by verify, named, and never restored as if they were right. */
class IntegrityTest {
  @TempDir Path tmp;
  private LocalTarget target;
  private Repository repo;
  private Path src;
  private SnapshotSummary snapshot;

  @BeforeEach
  void setUp() throws Exception {
    src = tmp.resolve("src");
    TestTrees.sampleTree(src);
    TestTrees.randomFile(src.resolve("media/random.bin"), 3 * 1024 * 1024, 11);
    TestTrees.write(src.resolve("media/text.txt"), "compressible line\n".repeat(200_000));
    target = new LocalTarget(tmp.resolve("repo"));
    repo = Repository.open(target, "prod", "integrity");
    BackupResult result = Fixture.backup(repo, src, SnapshotType.FULL);
    snapshot = repo.catalog().find(result.jobId()).orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"media/random.bin", "media/text.txt", "exams/e2.json"})
  void flippedPackByteIsNamedByVerifyAndFailsRestoreOfThatFile(String file) throws Exception {
    SnapshotIndex index = repo.readIndex(snapshot);
    FileEntry victim = entry(index, file);
    String packKey = index.packKey(victim.pack()).orElseThrow();
    Tamper.flipByte(target.pathOf(packKey), victim.offset() + victim.length() / 2);

    VerifyReport report = new Verifier(repo).verify(VerifyRequest.builder().readData(true).build());
    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).extracting(VerifyProblem::object).contains(packKey);
    assertThat(report.problems()).anyMatch(p -> p.reason().contains("SHA-256"));

    VerifyReport metadataOnly = new Verifier(repo).verify(VerifyRequest.builder().build());
    assertThat(metadataOnly.ok()).as("sizes are unchanged; only reading data finds this").isTrue();

    Path dest = tmp.resolve("dest");
    assertThatThrownBy(
            () ->
                new RestoreEngine(repo)
                    .restore(
                        RestoreRequest.builder(dest)
                            .snapshot(snapshot.jobId())
                            .path(victim.path())
                            .build()))
        .isInstanceOf(RestoreFailedException.class)
        .hasMessageContaining(victim.path());
    Path restored = dest.resolve(victim.path());
    assertThat(restored).as("no wrong bytes under the file's name").doesNotExist();
    try (Stream<Path> leftovers = Files.walk(dest)) {
      assertThat(leftovers.filter(p -> p.getFileName().toString().startsWith(".bulwark-restore")))
          .isEmpty();
    }

    // A file in another frame is still restored.
    FileEntry intact =
        index.entries().stream()
            .filter(e -> e.hasData() && e.sizeOrZero() > 0)
            .filter(e -> !e.pack().equals(victim.pack()) || !e.offset().equals(victim.offset()))
            .findFirst()
            .orElseThrow();
    Path other = tmp.resolve("other");
    new RestoreEngine(repo)
        .restore(
            RestoreRequest.builder(other).snapshot(snapshot.jobId()).path(intact.path()).build());
    assertThat(other.resolve(intact.path())).hasSize(intact.sizeOrZero());
  }

  @Test
  void flippedManifestByteIsNamedAndRefused() throws Exception {
    Path manifest = target.pathOf(snapshot.manifestKey());
    Tamper.flipByte(manifest, Files.size(manifest) / 2);

    VerifyReport report = new Verifier(repo).verify(VerifyRequest.builder().build());
    assertThat(report.problems())
        .extracting(VerifyProblem::object)
        .containsExactly(snapshot.manifestKey());
    assertThat(report.problems().get(0).reason()).contains("manifest is corrupt");

    assertThatThrownBy(() -> Fixture.restoreAll(repo, snapshot.jobId(), tmp.resolve("dest")))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining(snapshot.manifestKey());
    assertThat(tmp.resolve("dest")).doesNotExist();
  }

  @Test
  void missingPackIsReportedAndRestoreRefused() throws Exception {
    String packKey = repo.readManifest(snapshot).objectList().get(0).path();
    target.delete(packKey);
    VerifyReport report = new Verifier(repo).verify(VerifyRequest.builder().build());
    assertThat(report.problems())
        .anyMatch(p -> p.object().equals(packKey) && p.reason().equals("is missing"));
    assertThatThrownBy(() -> Fixture.restoreAll(repo, snapshot.jobId(), tmp.resolve("dest")))
        .isInstanceOf(RestoreRefusedException.class)
        .hasMessageContaining(packKey);
  }

  @Test
  void sampleVerifyChecksASubsetIncludingTheNewest() throws Exception {
    for (int i = 0; i < 4; i++) {
      TestTrees.write(src.resolve("n" + i + ".txt"), "n" + i);
      Fixture.backup(repo, src, SnapshotType.INCREMENTAL);
    }
    VerifyReport report =
        new Verifier(repo)
            .verify(VerifyRequest.builder().readData(true).sampleCount(2).seed(1).build());
    assertThat(report.ok()).isTrue();
    assertThat(report.sampled()).isTrue();
    assertThat(report.snapshotsChecked()).isEqualTo(2);
    assertThat(report.snapshotsInRepository()).isEqualTo(5);
    assertThat(report.packsRead()).isPositive();
  }

  private static FileEntry entry(SnapshotIndex index, String suffix) {
    return index.entries().stream()
        .filter(e -> e.path().endsWith(suffix))
        .findFirst()
        .orElseThrow();
  }
}
