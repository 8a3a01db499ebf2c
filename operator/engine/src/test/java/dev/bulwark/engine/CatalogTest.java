package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.FormatException;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.RepositoryLayout;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.format.Timestamps;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.testing.TestingClock;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyReport;
import dev.bulwark.engine.verify.VerifyRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding snapshots by id and by time from catalog keys alone. */
class CatalogTest {
  @TempDir Path tmp;

  @Test
  void catalogKeysEncodeTheListingFields() {
    RepositoryLayout layout = new RepositoryLayout("prod", "teaching-data");
    String key =
        layout.catalogKey(
            "20261128T203500Z-1a2b3c",
            SnapshotType.FULL,
            Instant.parse("2026-11-28T20:36:12.345Z"),
            List.of("pre-upgrade"));
    assertThat(key)
        .isEqualTo(
            "backups/prod/catalog/teaching-data/20261128T203500Z-1a2b3c_full_20261128T203612.345Z_pre-upgrade.json");
    RepositoryLayout.CatalogKey parsed = layout.parseCatalogKey(key).orElseThrow();
    assertThat(parsed.type()).isEqualTo(SnapshotType.FULL);
    assertThat(parsed.labels()).containsExactly("pre-upgrade");
    assertThat(layout.manifestKey("20261128T203500Z-1a2b3c"))
        .isEqualTo("backups/prod/2026-11-28/20261128T203500Z-1a2b3c/backup_manifest.json");
    assertThat(JobId.startedAt("20261128T203500Z-1a2b3c"))
        .isEqualTo(Instant.parse("2026-11-28T20:35:00Z"));
    assertThatThrownBy(() -> new RepositoryLayout("../x", "p"))
        .isInstanceOf(IllegalArgumentException.class);
    Instant t = Instant.parse("2026-01-02T03:04:05.000000007Z");
    assertThat(Timestamps.parse(Timestamps.format(t))).isEqualTo(t);
  }

  @Test
  void pointInTimeLookupAcrossDaysAndGaps() throws Exception {
    TestingClock clock = TestingClock.at(Instant.parse("2026-11-01T02:00:00Z"));
    Repository repo =
        Repository.builder(new LocalTarget(tmp.resolve("repo")), "prod", "pit")
            .clock(clock)
            .build();
    Path src = tmp.resolve("src");
    TestTrees.write(src.resolve("a.txt"), "a");
    String first = Fixture.backup(repo, src, SnapshotType.FULL).jobId();
    clock.advance(Duration.ofMinutes(5));
    String second = Fixture.backup(repo, src, SnapshotType.INCREMENTAL).jobId();
    clock.set(Instant.parse("2026-11-20T02:00:00Z"));
    String late = Fixture.backup(repo, src, SnapshotType.INCREMENTAL).jobId();

    assertThat(repo.catalog().list())
        .extracting(SnapshotSummary::jobId)
        .containsExactly(first, second, late);
    assertThat(
            repo.catalog()
                .newestAtOrBefore(Instant.parse("2026-11-01T02:04:59Z"))
                .orElseThrow()
                .jobId())
        .isEqualTo(first);
    assertThat(
            repo.catalog()
                .newestAtOrBefore(Instant.parse("2026-11-01T02:05:00Z"))
                .orElseThrow()
                .jobId())
        .isEqualTo(second);
    // 18 days without snapshots: the day-by-day scan gives up and falls back to a full listing.
    assertThat(
            repo.catalog()
                .newestAtOrBefore(Instant.parse("2026-11-19T00:00:00Z"))
                .orElseThrow()
                .jobId())
        .isEqualTo(second);
    assertThat(repo.catalog().newestAtOrBefore(Instant.parse("2026-10-31T00:00:00Z"))).isEmpty();
    assertThat(repo.catalog().newest().orElseThrow().jobId()).isEqualTo(late);
    assertThat(repo.catalog().find(second).orElseThrow().type())
        .isEqualTo(SnapshotType.INCREMENTAL);
  }

  @Test
  void snapshotsStartedInTheSameSecondAreOrderedByCommitTimeNotByTheirRandomSuffix()
      throws Exception {
    // Job ids carry the start second and 6 random hex digits: within one second, id order is a coin
    // toss. These jobs get ids in descending order, so any ordering by id lists them backwards.
    TestingClock clock = TestingClock.at(Instant.parse("2026-11-01T02:00:00.000Z"));
    Repository repo =
        Repository.builder(new LocalTarget(tmp.resolve("repo")), "prod", "same-second")
            .clock(clock)
            .build();
    Path src = tmp.resolve("src");
    List<String> made = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      TestTrees.write(src.resolve("f" + i + ".txt"), "version " + i);
      String id = "20261101T020000Z-" + String.valueOf((char) ('f' - i)).repeat(6);
      BackupResult result =
          new BackupEngine(repo)
              .backup(
                  BackupRequest.builder()
                      .source(SourceDirectory.of(src, "raw", SourcePriority.P0))
                      .snapshotType(i == 0 ? SnapshotType.FULL : SnapshotType.INCREMENTAL)
                      .jobId(id)
                      .build());
      made.add(result.jobId());
      clock.advance(Duration.ofMillis(50));
    }
    assertThat(made)
        .containsExactly(
            "20261101T020000Z-ffffff",
            "20261101T020000Z-eeeeee",
            "20261101T020000Z-dddddd",
            "20261101T020000Z-cccccc",
            "20261101T020000Z-bbbbbb",
            "20261101T020000Z-aaaaaa");

    assertThat(repo.catalog().list())
        .extracting(SnapshotSummary::jobId)
        .containsExactlyElementsOf(made);
    assertThat(repo.catalog().newest().orElseThrow().jobId()).isEqualTo(made.get(5));
    assertThat(
            repo.catalog()
                .newestAtOrBefore(Instant.parse("2026-11-01T02:00:00.120Z"))
                .orElseThrow()
                .jobId())
        .isEqualTo(made.get(2));
    for (int i = 1; i < made.size(); i++) {
      // Each incremental was compared against the snapshot committed just before it.
      assertThat(repo.readManifest(repo.catalog().find(made.get(i)).orElseThrow()).parent())
          .as("parent of job %d", i)
          .isEqualTo(made.get(i - 1));
    }
    VerifyReport sample = new Verifier(repo).verify(VerifyRequest.builder().sampleCount(1).build());
    assertThat(sample.snapshotsChecked()).isEqualTo(1);
    assertThat(sample.problems()).isEmpty();
  }

  @Test
  void aManifestOfAnUnknownFormatVersionIsRefused() {
    byte[] future = "{\"format_version\":2,\"job_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Repository.parseManifest(future, "backups/prod/m.json"))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("format_version 2 is not supported")
        .hasMessageContaining("backups/prod/m.json");
    assertThatThrownBy(() -> Repository.parseManifest("{}".getBytes(), "k"))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("no format_version");
  }
}
