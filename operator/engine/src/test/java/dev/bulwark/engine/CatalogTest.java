package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.FormatException;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.RepositoryLayout;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.Timestamps;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.testing.TestingClock;
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
            "20261128T203500Z-1a2b3c", SnapshotType.FULL, Instant.parse("2026-11-28T20:36:12.345Z"),
            List.of("pre-upgrade"));
    assertThat(key)
        .isEqualTo(
            "backups/prod/catalog/teaching-data/20261128T203500Z-1a2b3c_full_20261128T203612.345Z_pre-upgrade.json");
    RepositoryLayout.CatalogKey parsed = layout.parseCatalogKey(key).orElseThrow();
    assertThat(parsed.type()).isEqualTo(SnapshotType.FULL);
    assertThat(parsed.labels()).containsExactly("pre-upgrade");
    assertThat(layout.manifestKey("20261128T203500Z-1a2b3c"))
        .isEqualTo("backups/prod/2026-11-28/20261128T203500Z-1a2b3c/backup_manifest.json");
    assertThat(JobId.startedAt("20261128T203500Z-1a2b3c")).isEqualTo(Instant.parse("2026-11-28T20:35:00Z"));
    assertThatThrownBy(() -> new RepositoryLayout("../x", "p")).isInstanceOf(IllegalArgumentException.class);
    Instant t = Instant.parse("2026-01-02T03:04:05.000000007Z");
    assertThat(Timestamps.parse(Timestamps.format(t))).isEqualTo(t);
  }

  @Test
  void pointInTimeLookupAcrossDaysAndGaps() throws Exception {
    TestingClock clock = new TestingClock(Instant.parse("2026-11-01T02:00:00Z"));
    Repository repo =
        Repository.builder(new LocalTarget(tmp.resolve("repo")), "prod", "pit").clock(clock).build();
    Path src = tmp.resolve("src");
    TestTrees.write(src.resolve("a.txt"), "a");
    String first = Fixture.backup(repo, src, SnapshotType.FULL).jobId();
    clock.advance(Duration.ofMinutes(5));
    String second = Fixture.backup(repo, src, SnapshotType.INCREMENTAL).jobId();
    clock.set(Instant.parse("2026-11-20T02:00:00Z"));
    String late = Fixture.backup(repo, src, SnapshotType.INCREMENTAL).jobId();

    assertThat(repo.catalog().list()).extracting(SnapshotSummary::jobId).containsExactly(first, second, late);
    assertThat(repo.catalog().newestAtOrBefore(Instant.parse("2026-11-01T02:04:59Z")).orElseThrow().jobId())
        .isEqualTo(first);
    assertThat(repo.catalog().newestAtOrBefore(Instant.parse("2026-11-01T02:05:00Z")).orElseThrow().jobId())
        .isEqualTo(second);
    // 18 days without snapshots: the day-by-day scan gives up and falls back to a full listing.
    assertThat(repo.catalog().newestAtOrBefore(Instant.parse("2026-11-19T00:00:00Z")).orElseThrow().jobId())
        .isEqualTo(second);
    assertThat(repo.catalog().newestAtOrBefore(Instant.parse("2026-10-31T00:00:00Z"))).isEmpty();
    assertThat(repo.catalog().newest().orElseThrow().jobId()).isEqualTo(late);
    assertThat(repo.catalog().find(second).orElseThrow().type()).isEqualTo(SnapshotType.INCREMENTAL);
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
