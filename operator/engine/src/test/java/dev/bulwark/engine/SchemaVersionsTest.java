package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.SchemaVersions;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.TestingClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests record the schema versions of the data (R8, R19), found while the files are read, and a
 * restore refuses objects its readers cannot read (R14): the seeds' teaching data, backed up and
 * restored.
 */
class SchemaVersionsTest {
  /**
   * examples/sample-data: raw events (CSV), serving (exam v2, assignment v1), profiles and
   * workspaces (v1).
   */
  private static final Path SAMPLE =
      Path.of("../../examples/sample-data").toAbsolutePath().normalize();

  @TempDir Path tmp;
  private TestingClock clock;
  private Repository repo;
  private Path data;

  @BeforeEach
  void theTeachingData() throws Exception {
    clock = TestingClock.at(Instant.parse("2026-11-28T20:35:00Z"));
    repo =
        Repository.builder(new LocalTarget(tmp.resolve("repo")), "prod", "teaching")
            .clock(clock)
            .build();
    data = tmp.resolve("data");
    Fixture.copyTree(SAMPLE, data);
  }

  private BackupResult backup(SnapshotType type) throws EngineException {
    clock.advance(Duration.ofMinutes(5));
    return new BackupEngine(repo)
        .backup(
            BackupRequest.builder()
                .source(SourceDirectory.of(data.resolve("raw"), "raw", SourcePriority.P2))
                .source(SourceDirectory.of(data.resolve("serving"), "serving", SourcePriority.P0))
                .source(
                    SourceDirectory.of(
                        data.resolve("student_profiles"), "student_profiles", SourcePriority.P0))
                .source(
                    SourceDirectory.of(
                        data.resolve("teacher_workspaces"),
                        "teacher_workspaces",
                        SourcePriority.P1))
                .snapshotType(type)
                .build());
  }

  private Manifest manifest(BackupResult result) throws EngineException {
    SnapshotSummary snapshot = repo.catalog().find(result.jobId()).orElseThrow();
    return repo.readManifest(snapshot);
  }

  @Test
  void everyManifestOfTheTeachingDataListsTheSchemaVersionsPerDomain() throws Exception {
    BackupResult full = backup(SnapshotType.FULL);

    assertThat(manifest(full).schemaVersions())
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of("serving", "1,2", "student_profiles", "1", "teacher_workspaces", "1")));
    assertThat(manifest(full).files())
        .filteredOn(e -> e.path().endsWith("exam-2026-11-20/manifest.json"))
        .extracting(FileEntry::schemaVersion)
        .containsExactly("2");

    // An incremental reads only the changed profile, and keeps what the full found in the others.
    Path profile = data.resolve("student_profiles/s-1002.json");
    Files.writeString(
        profile,
        Files.readString(profile).replace("\"schema_version\": 1", "\"schema_version\": 2"));
    BackupResult incremental = backup(SnapshotType.INCREMENTAL);

    assertThat(incremental.snapshotType()).isEqualTo(SnapshotType.INCREMENTAL);
    assertThat(incremental.filesRead()).isEqualTo(1);
    assertThat(manifest(incremental).schemaVersions())
        .containsEntry("serving", "1,2")
        .containsEntry("student_profiles", "1,2")
        .containsEntry("teacher_workspaces", "1")
        .doesNotContainKey("raw");
  }

  @Test
  void aRestoreOfObjectsNewerThanTheReadersIsRefusedBeforeAnythingIsWritten() throws Exception {
    BackupResult full = backup(SnapshotType.FULL);
    Path dest = tmp.resolve("restored");

    RestoreRequest readersAtOne =
        RestoreRequest.builder(dest)
            .snapshot(full.jobId())
            .readerSchemaVersions(Map.of("serving", 1))
            .build();

    assertThatThrownBy(() -> new RestoreEngine(repo).restore(readersAtOne))
        .isInstanceOf(SchemaVersionsRefusedException.class)
        .hasMessageContaining("1 object(s) of domain serving at schema_version 2")
        .hasMessageContaining("exam-2026-11-20/manifest.json")
        .hasMessageContaining("newer than its readers, which are at 1 and read 0..1")
        .hasMessageContaining("spec.readerSchemaVersions.serving");
    assertThat(dest).doesNotExist();

    // Readers at 2 read 1 and 2: everything restores.
    new RestoreEngine(repo)
        .restore(
            RestoreRequest.builder(dest)
                .snapshot(full.jobId())
                .readerSchemaVersions(Map.of("serving", 2))
                .build());
    assertThat(
            Fixture.restored(dest, data.resolve("serving"))
                .resolve("exams/exam-2026-11-20/manifest.json"))
        .hasSameBinaryContentAs(data.resolve("serving/exams/exam-2026-11-20/manifest.json"));
  }

  @Test
  void objectsOlderThanNMinusOneAreRefusedAndOnlySelectedObjectsCount() throws Exception {
    BackupResult full = backup(SnapshotType.FULL);

    RestoreRequest readersAtThree =
        RestoreRequest.builder(tmp.resolve("a"))
            .snapshot(full.jobId())
            .readerSchemaVersions(Map.of("serving", 3))
            .build();
    assertThatThrownBy(() -> new RestoreEngine(repo).restore(readersAtThree))
        .isInstanceOf(SchemaVersionsRefusedException.class)
        .hasMessageContaining("domain serving at schema_version 1 (e.g. ")
        .hasMessageContaining("older than its readers read");

    // L1: only the exam (v2) is restored; readers at 3 read it.
    new RestoreEngine(repo)
        .restore(
            RestoreRequest.builder(tmp.resolve("b"))
                .snapshot(full.jobId())
                .path("**/exam-2026-11-20/manifest.json")
                .readerSchemaVersions(Map.of("serving", 3))
                .build());
  }

  @Test
  void onlyTheFirstBytesOfSmallJsonAndYamlFilesAreLookedAt() {
    assertThat(sniff("a/b.json", "{\"metadata\": {\"schema_version\": 3}}")).isEqualTo("3");
    assertThat(sniff("a/b.json", "{\"schema_version\" : \"2.1\", \"x\": 1}")).isEqualTo("2.1");
    assertThat(sniff("a/b.yaml", "# profile\nschema_version: 4  # bumped\nname: x\n"))
        .isEqualTo("4");
    assertThat(sniff("a/b.YML", "meta:\n  schema_version: '5'\n")).isEqualTo("5");
    assertThat(sniff("a/b.csv", "schema_version,1\n")).isNull();
    assertThat(
            sniff(
                "a/b.json",
                "{\"pad\": \"" + "x".repeat(SchemaVersions.PREFIX) + "\", \"schema_version\": 1}"))
        .as("beyond the prefix")
        .isNull();
    assertThat(sniff("a/b.json", "{\"other\": 1}")).isNull();
  }

  @Test
  void versionsAreListedInNumericOrder() {
    List<FileEntry> entries = List.of(entry("10"), entry("9"), entry("9"), entry("beta"));

    assertThat(SchemaVersions.byDomain(entries)).containsEntry("raw", "9,10,beta");
    assertThat(SchemaVersions.parse("9,10,beta")).containsExactly("9", "10", "beta");
  }

  private static String sniff(String path, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return SchemaVersions.sniff(path, bytes, bytes.length);
  }

  private static FileEntry entry(String version) {
    return new FileEntry(
        "x/" + version,
        dev.bulwark.engine.format.EntryType.FILE,
        1L,
        "0644",
        "2026-01-01T00:00:00.000000000Z",
        1L,
        "00",
        null,
        "raw",
        SourcePriority.P0,
        null,
        null,
        null,
        null,
        null,
        version);
  }
}
