package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.catalog.SnapshotIndex;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.PackObject;
import dev.bulwark.engine.format.RepositoryLayout;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.progress.Phase;
import dev.bulwark.engine.progress.ProgressListener;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.retention.ObjectExpiry;
import dev.bulwark.engine.retention.RetentionPolicy;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.SnapshotHistory;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.testing.TestingClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object tags (R11): every object carries tier, policy, job and an expiry chosen per object, and
 * bucket lifecycle expiry driven by those tags never removes an object a retained snapshot needs,
 * because the engine bounds how long a cycle may grow.
 */
class TieringTest {
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

  @TempDir Path tmp;

  @Test
  void everyObjectCarriesTierPolicyJobAndItsOwnExpiry() throws Exception {
    TestingClock clock = TestingClock.at(T0);
    LocalTarget target = new LocalTarget(tmp.resolve("repo"));
    Map<String, String> tags = new TreeMap<>(new RetentionPolicy(30, 180, 0).objectTags());
    tags.put("policy", "teaching");
    Repository repo =
        Repository.builder(target, "prod", "teaching").clock(clock).objectTags(tags).build();
    Path src = tmp.resolve("src");
    TestTrees.sampleTree(src);
    BackupResult full = Fixture.backup(repo, src, SnapshotType.FULL);
    clock.advance(Duration.ofMinutes(5));
    TestTrees.write(src.resolve("exams/e9.json"), "{\"exam\":\"e9\"}");
    BackupResult inc = Fixture.backup(repo, src, SnapshotType.INCREMENTAL);
    assertThat(inc.snapshotType()).isEqualTo(SnapshotType.INCREMENTAL);

    ObjectExpiry expiry = repo.objectExpiry().orElseThrow();
    // N = 180 retention days, L = 7 cycle days: N, N + 1, N + L + 1, N + L + 2.
    assertThat(expiry.lifecycleDays()).containsExactly(180, 181, 188, 189);
    Map<String, SnapshotType> types =
        Map.of(full.jobId(), SnapshotType.FULL, inc.jobId(), SnapshotType.INCREMENTAL);
    RepositoryLayout layout = repo.layout();
    Set<String> kinds = new HashSet<>();
    for (String key : SnapshotHistory.keys(target, layout.root())) {
      if (key.startsWith(layout.root() + "locks/") || key.startsWith(layout.root() + "state/")) {
        continue;
      }
      String job;
      int days;
      var catalog = layout.parseCatalogKey(key);
      if (catalog.isPresent()) {
        job = catalog.get().jobId();
        days = expiry.catalogEntryDays(types.get(job));
        kinds.add("catalog");
      } else {
        job = layout.jobOf(key).orElseThrow();
        if (key.equals(layout.manifestKey(job))) {
          days = expiry.manifestDays(types.get(job));
          kinds.add("manifest");
        } else if (key.equals(layout.indexKey(job, false))) {
          // The index lives as long as its manifest: an incremental's lookups read its full's.
          days = expiry.manifestDays(types.get(job));
          kinds.add("index");
        } else {
          days = expiry.packDays();
          kinds.add("pack");
        }
      }
      assertThat(target.tags(key))
          .as(key)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "tier",
                  "hot",
                  "policy",
                  "teaching",
                  "job",
                  job,
                  "expire_after_days",
                  Integer.toString(days)));
    }
    assertThat(kinds).containsExactlyInAnyOrder("catalog", "manifest", "index", "pack");
  }

  @Test
  void lifecycleExpiryNeverRemovesAnObjectARetainedSnapshotNeeds() throws Exception {
    int retentionDays = 3;
    int cycleDays = 2;
    TestingClock clock = TestingClock.at(T0);
    LocalTarget target = new LocalTarget(tmp.resolve("repo"));
    Repository repo =
        Repository.builder(target, "prod", "teaching")
            .clock(clock)
            .objectTags(new RetentionPolicy(1, retentionDays, 0).objectTags())
            .maxCycleDays(cycleDays)
            .build();
    Path src = tmp.resolve("src");
    String[] files = {"a", "b", "c"};
    for (String f : files) {
      TestTrees.write(src.resolve(f + ".json"), "{}");
    }
    // Incrementals only, every 8 hours for 7 days: the engine itself must start new cycles.
    Map<String, Instant> createdByJob = new HashMap<>();
    for (int i = 0; i * 8 < 7 * 24; i++) {
      clock.set(T0.plus(Duration.ofHours(8L * i)));
      TestTrees.write(src.resolve(files[i % 3] + ".json"), "{\"v\":" + i + "}");
      BackupResult r = Fixture.backup(repo, src, SnapshotType.INCREMENTAL);
      createdByJob.put(r.jobId(), clock.instant());
    }
    List<SnapshotSummary> snapshots = repo.catalog().list();
    long fulls = snapshots.stream().filter(s -> s.type() == SnapshotType.FULL).count();
    assertThat(fulls).as("cycles bounded to %d days", cycleDays).isGreaterThanOrEqualTo(3);

    // What bucket lifecycle would do: delete each object expire_after_days after its creation
    // (the earliest it may; stores round up to midnight and run late, which only helps).
    RepositoryLayout layout = repo.layout();
    Map<String, Instant> expiresAt = new HashMap<>();
    for (String key : SnapshotHistory.keys(target, layout.root())) {
      String days = target.tags(key).get(ObjectExpiry.TAG);
      if (days != null) {
        String job =
            layout
                .parseCatalogKey(key)
                .map(RepositoryLayout.CatalogKey::jobId)
                .orElseGet(() -> layout.jobOf(key).orElseThrow());
        expiresAt.put(key, createdByJob.get(job).plus(Duration.ofDays(Integer.parseInt(days))));
      }
    }
    Map<SnapshotSummary, Set<String>> needs = new HashMap<>();
    for (SnapshotSummary s : snapshots) {
      SnapshotIndex index = repo.readIndex(s);
      Set<String> keys = new HashSet<>(index.packKeys().values());
      for (Manifest m : List.of(index.manifest(), index.fullManifest())) {
        m.objectList().stream().map(PackObject::path).forEach(keys::add);
        SnapshotSummary owner = repo.catalog().find(m.jobId()).orElseThrow();
        keys.add(owner.catalogKey());
        keys.add(owner.manifestKey());
        keys.add(m.index().key());
      }
      needs.put(s, keys);
    }
    int checks = 0;
    for (Instant now = T0;
        now.isBefore(T0.plus(Duration.ofDays(16)));
        now = now.plus(Duration.ofHours(1))) {
      for (SnapshotSummary s : snapshots) {
        boolean retained = now.isBefore(s.finishedAt().plus(Duration.ofDays(retentionDays)));
        if (!retained) {
          continue;
        }
        for (String key : needs.get(s)) {
          assertThat(expiresAt.get(key))
              .as("%s, needed by %s (retained at %s)", key, s.jobId(), now)
              .isAfter(now);
          checks++;
        }
      }
    }
    assertThat(checks).isPositive();
    assertThat(expiresAt.values()).allMatch(t -> t.isBefore(T0.plus(Duration.ofDays(16))));
  }

  @Test
  void theCycleBoundStartsANewFullAndRefusesALateCommit() throws Exception {
    TestingClock clock = TestingClock.at(T0);
    Repository repo =
        Repository.builder(new LocalTarget(tmp.resolve("repo")), "prod", "teaching")
            .clock(clock)
            .maxCycleDays(2)
            .build();
    Path src = tmp.resolve("src");
    TestTrees.write(src.resolve("a.json"), "{}");
    BackupResult full = Fixture.backup(repo, src, SnapshotType.FULL);

    clock.set(T0.plus(Duration.ofDays(1)));
    assertThat(Fixture.backup(repo, src, SnapshotType.INCREMENTAL).parentFullJobId())
        .isEqualTo(full.jobId());
    clock.set(T0.plus(Duration.ofDays(2)));
    BackupResult next = Fixture.backup(repo, src, SnapshotType.INCREMENTAL);
    assertThat(next.snapshotType()).as("the cycle reached its bound").isEqualTo(SnapshotType.FULL);

    // An incremental that starts in time but runs past the deadline (+1 day) is not committed.
    clock.set(T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(23)));
    ProgressListener slow =
        new ProgressListener() {
          @Override
          public void phaseStarted(Phase phase) {
            if (phase == Phase.SCANNING) {
              clock.advance(Duration.ofHours(26));
            }
          }
        };
    BackupRequest request =
        BackupRequest.builder()
            .source(SourceDirectory.of(src, "raw", SourcePriority.P0))
            .snapshotType(SnapshotType.INCREMENTAL)
            .build();
    assertThatThrownBy(() -> new BackupEngine(repo).backup(request, slow))
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining("after its cycle's deadline")
        .hasMessageContaining(next.jobId())
        .hasMessageContaining("next job starts a new cycle with a full");
    assertThat(repo.catalog().list()).hasSize(3);
    assertThat(Fixture.backup(repo, src, SnapshotType.INCREMENTAL).snapshotType())
        .isEqualTo(SnapshotType.FULL);
  }

  @Test
  void anExpiryTagThatIsNotAWholeNumberOfDaysIsRefused() throws Exception {
    LocalTarget target = new LocalTarget(tmp.resolve("repo"));
    assertThatThrownBy(
            () ->
                Repository.builder(target, "prod", "teaching")
                    .objectTags(Map.of("tier", "hot", "expire_after_days", "soon"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expire_after_days")
        .hasMessageContaining("'soon'");
    assertThat(Repository.open(target, "prod", "teaching").objectExpiry()).isEmpty();
  }
}
