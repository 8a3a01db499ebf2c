package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.lock.RepositoryLock;
import dev.bulwark.engine.prune.KeepReason;
import dev.bulwark.engine.prune.KeptSnapshot;
import dev.bulwark.engine.prune.PruneRequest;
import dev.bulwark.engine.prune.PruneResult;
import dev.bulwark.engine.prune.Pruner;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.retention.RetentionPolicy;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.CrashingTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.SnapshotHistory;
import dev.bulwark.engine.testing.TestingClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning on a local target with a simulated clock: expiry by age, keep-last, dependencies kept
 * with their reason, unreferenced packs collected, dry runs, and crashes mid-prune.
 */
class RetentionTest {
  private static final Instant DAY0 = Instant.parse("2026-03-01T02:00:00Z");
  private static final RetentionPolicy TEN_DAYS = new RetentionPolicy(3, 10, 0);

  @TempDir Path tmp;
  private SnapshotHistory history;

  @BeforeEach
  void setUp() throws Exception {
    history = new SnapshotHistory(tmp, TestingClock.at(DAY0));
  }

  private static Instant at(int days, int hours) {
    return DAY0.plus(Duration.ofDays(days)).plus(Duration.ofHours(hours));
  }

  private PruneResult prune(Repository repo, RetentionPolicy policy, boolean dryRun)
      throws EngineException {
    return new Pruner(repo).prune(PruneRequest.builder(policy).dryRun(dryRun).build());
  }

  private static Map<String, KeepReason> reasons(PruneResult result) {
    return result.kept().stream()
        .collect(
            Collectors.toMap(
                k -> k.snapshot().jobId(), KeptSnapshot::reason, (a, b) -> a, TreeMap::new));
  }

  private static TreeSet<String> removedIds(PruneResult result) {
    return result.removed().stream()
        .map(SnapshotSummary::jobId)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void expiredSnapshotsArePrunedAndAFullStillDependedOnIsKept() throws Exception {
    BackupResult f0 = history.backup(at(0, 0), SnapshotType.FULL);
    BackupResult i0a = history.backup(at(0, 1), SnapshotType.INCREMENTAL, "a");
    BackupResult i0x = history.backup(at(0, 2), SnapshotType.INCREMENTAL, "c");
    // Changes b and c again: i0x's pack is no longer referenced, i0a's still is (file a).
    BackupResult i0b = history.backup(at(3, 0), SnapshotType.INCREMENTAL, "b", "c");
    BackupResult f1 = history.backup(at(5, 0), SnapshotType.FULL);
    BackupResult i1a = history.backup(at(5, 1), SnapshotType.INCREMENTAL, "a");
    BackupResult f2 = history.backup(at(11, 0), SnapshotType.FULL);
    assertThat(i0b.parentFullJobId()).isEqualTo(f0.jobId());

    history.clock().set(at(12, 6));
    Repository repo = history.repository();
    LocalTarget target = (LocalTarget) repo.target();
    PruneResult result = prune(repo, TEN_DAYS, false);

    assertThat(removedIds(result)).containsExactly(i0a.jobId(), i0x.jobId());
    assertThat(reasons(result))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    f0.jobId(), KeepReason.DEPENDED_ON,
                    i0b.jobId(), KeepReason.WITHIN_RETENTION,
                    f1.jobId(), KeepReason.WITHIN_RETENTION,
                    i1a.jobId(), KeepReason.WITHIN_RETENTION,
                    f2.jobId(), KeepReason.WITHIN_RETENTION)));
    KeptSnapshot full =
        result.kept().stream()
            .filter(k -> k.snapshot().jobId().equals(f0.jobId()))
            .findFirst()
            .orElseThrow();
    assertThat(full.detail()).contains(i0b.jobId());
    assertThat(repo.catalog().list())
        .extracting(SnapshotSummary::jobId)
        .containsExactly(f0.jobId(), i0b.jobId(), f1.jobId(), i1a.jobId(), f2.jobId());

    // i0x wrote the only pack nobody references any more; i0a's pack lives on for i0b. Each
    // removed snapshot's index goes with it: nothing but its own manifest names it.
    String i0aIndex = repo.layout().indexKey(i0a.jobId(), false);
    assertThat(result.objectsDeleted())
        .isNotEmpty()
        .contains(i0aIndex, repo.layout().indexKey(i0x.jobId(), false))
        .allMatch(k -> k.startsWith(repo.layout().jobPrefix(i0x.jobId())) || k.equals(i0aIndex));
    assertThat(result.bytesFreed()).isPositive();
    assertThat(SnapshotHistory.keys(target, repo.layout().jobPrefix(i0x.jobId()))).isEmpty();
    assertThat(SnapshotHistory.keys(target, repo.layout().jobPrefix(i0a.jobId())))
        .isNotEmpty()
        .doesNotContain(repo.layout().manifestKey(i0a.jobId()), i0aIndex);
    assertThat(target.pathOf(repo.layout().pruneJournalKey())).doesNotExist();
    history.assertEveryListedSnapshotRestorable(repo);

    // Once i0b expires nothing depends on f0: the whole first cycle goes, including the pack of
    // i0a found through i0b's manifest although i0a's catalog entry is long gone.
    history.clock().set(at(13, 6));
    PruneResult later = prune(repo, TEN_DAYS, false);
    assertThat(removedIds(later)).containsExactly(f0.jobId(), i0b.jobId());
    for (BackupResult gone : new BackupResult[] {f0, i0a, i0x, i0b}) {
      assertThat(SnapshotHistory.keys(target, repo.layout().jobPrefix(gone.jobId())))
          .as("objects of " + gone.jobId())
          .isEmpty();
    }
    history.assertEveryListedSnapshotRestorable(repo);
    assertThat(prune(repo, TEN_DAYS, false).removed()).isEmpty();
  }

  @Test
  void keepLastHoldsWhateverTheAgeAndKeepsTheFullItNeeds() throws Exception {
    BackupResult f0 = history.backup(at(0, 0), SnapshotType.FULL);
    BackupResult i0a = history.backup(at(0, 1), SnapshotType.INCREMENTAL, "a");
    BackupResult f1 = history.backup(at(1, 0), SnapshotType.FULL);
    BackupResult i1a = history.backup(at(1, 1), SnapshotType.INCREMENTAL, "b");
    BackupResult i1b = history.backup(at(1, 2), SnapshotType.INCREMENTAL, "c");

    history.clock().set(at(40, 0));
    Repository repo = history.repository();
    PruneResult result = prune(repo, new RetentionPolicy(3, 10, 2), false);

    assertThat(removedIds(result)).containsExactly(f0.jobId(), i0a.jobId());
    assertThat(reasons(result))
        .containsEntry(i1b.jobId(), KeepReason.KEEP_LAST)
        .containsEntry(i1a.jobId(), KeepReason.KEEP_LAST)
        .containsEntry(f1.jobId(), KeepReason.DEPENDED_ON)
        .hasSize(3);
    assertThat(repo.catalog().list())
        .extracting(SnapshotSummary::jobId)
        .containsExactly(f1.jobId(), i1a.jobId(), i1b.jobId());
    history.assertEveryListedSnapshotRestorable(repo);

    PruneResult keepOne = prune(repo, new RetentionPolicy(3, 10, 1), false);
    assertThat(removedIds(keepOne)).containsExactly(i1a.jobId());
    assertThat(reasons(keepOne))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(i1b.jobId(), KeepReason.KEEP_LAST, f1.jobId(), KeepReason.DEPENDED_ON)));
    history.assertEveryListedSnapshotRestorable(repo);
  }

  @Test
  void dryRunDecidesTheSameAndDeletesNothing() throws Exception {
    BackupResult f0 = history.backup(at(0, 0), SnapshotType.FULL);
    BackupResult i0a = history.backup(at(0, 1), SnapshotType.INCREMENTAL, "a");
    history.backup(at(20, 0), SnapshotType.FULL);
    history.clock().set(at(21, 0));
    Repository repo = history.repository();
    Map<Path, Long> before = files(history.repoDir());

    PruneResult dry = prune(repo, TEN_DAYS, true);

    assertThat(dry.dryRun()).isTrue();
    assertThat(removedIds(dry)).containsExactly(f0.jobId(), i0a.jobId());
    assertThat(dry.objectsDeleted()).isNotEmpty();
    assertThat(files(history.repoDir())).as("nothing written or deleted").isEqualTo(before);

    PruneResult real = prune(repo, TEN_DAYS, false);
    assertThat(real.removed()).isEqualTo(dry.removed());
    assertThat(real.objectsDeleted()).isEqualTo(dry.objectsDeleted());
    assertThat(real.bytesFreed()).isEqualTo(dry.bytesFreed());
  }

  @Test
  void anUnreadableCatalogEntryKeepsFullsAndDefersPacksUntilItCanBeRead() throws Exception {
    BackupResult f0 = history.backup(at(0, 0), SnapshotType.FULL);
    BackupResult i0a = history.backup(at(0, 1), SnapshotType.INCREMENTAL, "a");
    history.backup(at(5, 0), SnapshotType.FULL);
    BackupResult i1a = history.backup(at(5, 1), SnapshotType.INCREMENTAL, "b");
    Repository repo = history.repository();
    LocalTarget target = (LocalTarget) repo.target();
    Path entry = target.pathOf(repo.catalog().find(i1a.jobId()).orElseThrow().catalogKey());
    byte[] original = Files.readAllBytes(entry);
    Files.writeString(entry, "not json");

    history.clock().set(at(12, 0));
    PruneResult result = prune(repo, TEN_DAYS, false);

    // i1a's full is unknown, so every expired full stays; i0a goes, but its packs wait in the
    // journal: a retained snapshot whose references are unknown might still need them.
    assertThat(removedIds(result)).containsExactly(i0a.jobId());
    assertThat(reasons(result)).containsEntry(f0.jobId(), KeepReason.DEPENDED_ON);
    assertThat(result.objectsDeleted()).isEmpty();
    assertThat(result.warnings()).anyMatch(w -> w.contains("for a later prune"));
    assertThat(target.pathOf(repo.layout().pruneJournalKey())).exists();
    assertThat(SnapshotHistory.keys(target, repo.layout().jobPrefix(i0a.jobId()))).isNotEmpty();

    Files.write(entry, original);
    PruneResult repaired = prune(repo, TEN_DAYS, false);
    assertThat(removedIds(repaired)).containsExactly(f0.jobId());
    assertThat(SnapshotHistory.keys(target, repo.layout().jobPrefix(i0a.jobId()))).isEmpty();
    assertThat(SnapshotHistory.keys(target, repo.layout().jobPrefix(f0.jobId()))).isEmpty();
    assertThat(target.pathOf(repo.layout().pruneJournalKey())).doesNotExist();
    history.assertEveryListedSnapshotRestorable(repo);
  }

  @Test
  void pruneRefusesWhileABackupHoldsTheLock() throws Exception {
    history.backup(at(0, 0), SnapshotType.FULL);
    history.clock().set(at(30, 0));
    Repository repo = history.repository();
    // Held, never read: the try block below is what it guards.
    RepositoryLock held =
        RepositoryLock.acquire(
            repo.target(),
            repo.layout(),
            "20260331T020000Z-abcdef",
            Duration.ofMinutes(10),
            history.clock());
    try (held) {
      assertThatThrownBy(() -> prune(repo, TEN_DAYS, false))
          .isInstanceOf(RepositoryLockedException.class)
          .hasMessageContaining("20260331T020000Z-abcdef");
    }
    assertThat(repo.catalog().list()).hasSize(1);
  }

  @Test
  void aCrashAtAnyDeleteLeavesEveryListedSnapshotRestorableAndTheNextPruneFinishes()
      throws Exception {
    history.backup(at(0, 0), SnapshotType.FULL);
    history.backup(at(0, 1), SnapshotType.INCREMENTAL, "a");
    history.backup(at(0, 2), SnapshotType.INCREMENTAL, "b");
    BackupResult f1 = history.backup(at(1, 0), SnapshotType.FULL);
    history.backup(at(1, 1), SnapshotType.INCREMENTAL, "a");
    BackupResult i1b = history.backup(at(3, 0), SnapshotType.INCREMENTAL, "c");
    BackupResult f2 = history.backup(at(5, 0), SnapshotType.FULL);
    Instant now = at(12, 0);
    Path template = history.repoDir();

    // The outcome of an uninterrupted prune, on a copy.
    Path reference = tmp.resolve("reference");
    Fixture.copyTree(template, reference);
    history.useRepoDir(reference);
    history.clock().set(now);
    PruneResult expected = prune(history.repository(), TEN_DAYS, false);
    assertThat(expected.removed()).hasSize(4);
    assertThat(reasons(expected)).containsEntry(f1.jobId(), KeepReason.DEPENDED_ON);
    TreeSet<String> expectedKeys = SnapshotHistory.keys(new LocalTarget(reference), "backups/");
    // catalog entry + manifest per snapshot, the packs, and the journal.
    int snapshotDeletes = 2 * expected.removed().size();
    int deletes = snapshotDeletes + expected.objectsDeleted().size() + 1;
    // The first delete, between a catalog entry and its manifest, between snapshots, the last
    // manifest, the first pack, and the journal at the very end.
    TreeSet<Integer> crashPoints =
        new TreeSet<>(
            List.of(0, 1, 2, snapshotDeletes - 1, snapshotDeletes, deletes - 2, deletes - 1));

    for (int k : crashPoints) {
      Path copy = tmp.resolve("crash-" + k);
      Fixture.copyTree(template, copy);
      history.useRepoDir(copy);
      history.clock().set(now);
      CrashingTarget crashing = new CrashingTarget(new LocalTarget(copy), k);
      assertThatThrownBy(() -> prune(history.repository(crashing), TEN_DAYS, false))
          .as("prune crashing after %d deletes", k)
          .isInstanceOf(EngineException.class);
      assertThat(crashing.crashed()).isTrue();
      assertThat(copy.resolve(history.repository().layout().pruneJournalKey()))
          .as("the journal the next prune finishes from")
          .exists();

      Repository repo = history.repository();
      assertThat(repo.catalog().list())
          .as("after a crash at delete %d", k)
          .extracting(SnapshotSummary::jobId)
          .contains(f1.jobId(), i1b.jobId(), f2.jobId());
      history.assertEveryListedSnapshotRestorable(repo);

      // The dead prune's lock goes stale; the next prune breaks it and finishes the job.
      history.clock().set(now.plus(Duration.ofMinutes(11)));
      PruneResult second = prune(repo, TEN_DAYS, false);
      assertThat(second.kept())
          .extracting(KeptSnapshot::snapshot)
          .isEqualTo(expected.kept().stream().map(KeptSnapshot::snapshot).toList());
      assertThat(SnapshotHistory.keys(repo.target(), "backups/"))
          .as("after a crash at delete %d and a second prune", k)
          .isEqualTo(expectedKeys);
      history.assertEveryListedSnapshotRestorable(repo);
    }
  }

  /** Every file under {@code root} (including the reserved tag and upload folders), with sizes. */
  private static Map<Path, Long> files(Path root) throws Exception {
    Map<Path, Long> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        files.put(root.relativize(p), Files.isRegularFile(p) ? Files.size(p) : -1L);
      }
    }
    return files;
  }
}
