package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.BackupResult.DomainTotals;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.testing.TestingClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup result counts files and bytes per data domain over the whole snapshot, also for an
 * incremental whose manifest lists only what changed since the full: dashboards show what a restore
 * would bring back, not the size of the last change.
 */
class DomainTotalsTest {
  @TempDir Path tmp;
  private TestingClock clock;
  private Repository repo;
  private Path raw;
  private Path serving;

  @BeforeEach
  void setUp() throws Exception {
    clock = TestingClock.at(Instant.parse("2026-11-28T20:35:00Z"));
    repo =
        Repository.builder(new LocalTarget(tmp.resolve("repo")), "prod", "teaching")
            .clock(clock)
            .build();
    raw = tmp.resolve("raw");
    serving = tmp.resolve("serving");
    TestTrees.write(raw.resolve("a.csv"), "1,2\n");
    TestTrees.write(raw.resolve("b.csv"), "3,4,5\n");
    TestTrees.write(raw.resolve("c.csv"), "6\n");
    TestTrees.write(serving.resolve("exam.json"), "{\"score\": 1}");
  }

  @Test
  void anIncrementalCountsTheWholeSnapshotPerDomain() throws Exception {
    BackupResult full = backup(SnapshotType.FULL);
    assertThat(full.domains())
        .isEqualTo(
            Map.of("raw", new DomainTotals(3, 4 + 6 + 2), "serving", new DomainTotals(1, 12)));

    clock.advance(Duration.ofMinutes(5));
    TestTrees.write(serving.resolve("exam.json"), "{\"score\": 10}");
    BackupResult incremental = backup(SnapshotType.INCREMENTAL);

    assertThat(incremental.snapshotType()).isEqualTo(SnapshotType.INCREMENTAL);
    assertThat(incremental.filesRead()).isEqualTo(1);
    assertThat(incremental.domains())
        .isEqualTo(Map.of("raw", new DomainTotals(3, 12), "serving", new DomainTotals(1, 13)));
  }

  @Test
  void aDeletedFileLeavesTheTotalsOfItsDomain() throws Exception {
    backup(SnapshotType.FULL);
    clock.advance(Duration.ofMinutes(5));
    Files.delete(raw.resolve("c.csv"));

    BackupResult incremental = backup(SnapshotType.INCREMENTAL);

    assertThat(incremental.domains())
        .isEqualTo(Map.of("raw", new DomainTotals(2, 10), "serving", new DomainTotals(1, 12)));
  }

  private BackupResult backup(SnapshotType type) throws EngineException {
    return new BackupEngine(repo)
        .backup(
            BackupRequest.builder()
                .source(SourceDirectory.of(raw, "raw", SourcePriority.P2))
                .source(SourceDirectory.of(serving, "serving", SourcePriority.P0))
                .snapshotType(type)
                .build());
  }
}
