package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.PackRef;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyProblem;
import dev.bulwark.engine.verify.VerifyReport;
import dev.bulwark.engine.verify.VerifyRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stored byte that a restore or the gate relies on is covered by a check that verify makes:
 * each byte of each kind of object of a small repository (catalog entries, manifests, the latest
 * pointer, packs, indexes) is changed in turn, and verify must name the damaged object every time.
 */
class VerifyCoverageTest {
  @TempDir Path tmp;
  private LocalTarget target;
  private Repository repo;
  private final Map<String, String> objects = new LinkedHashMap<>();

  @BeforeEach
  void aRepositoryWithAFullAndAnIncremental() throws Exception {
    Path src = tmp.resolve("src");
    TestTrees.write(src.resolve("exams/e1.json"), "{\"exam\":1}");
    TestTrees.write(src.resolve("exams/e2.json"), "{\"exam\":2}");
    Files.createSymbolicLink(src.resolve("latest"), Path.of("exams/e2.json"));
    target = new LocalTarget(tmp.resolve("repo"));
    repo = Repository.open(target, "prod", "coverage");
    BackupResult full = Fixture.backup(repo, src, SnapshotType.FULL);
    TestTrees.write(src.resolve("exams/e3.json"), "{\"exam\":3}");
    BackupResult incremental = Fixture.backup(repo, src, SnapshotType.INCREMENTAL);
    assertThat(incremental.snapshotType()).isEqualTo(SnapshotType.INCREMENTAL);
    for (BackupResult r : List.of(full, incremental)) {
      SnapshotSummary s = repo.catalog().find(r.jobId()).orElseThrow();
      String kind = r.snapshotType().wireName();
      objects.put(s.catalogKey(), kind + " catalog entry");
      objects.put(s.manifestKey(), kind + " manifest");
      Manifest m = repo.readManifest(s);
      objects.put(m.index().key(), kind + " index");
      for (PackRef pack : m.packs()) {
        if (pack.key().contains(r.jobId())) {
          objects.put(pack.key(), kind + " pack");
        }
      }
    }
    objects.put(repo.layout().latestKey(target.provider()), "latest pointer");
    assertThat(objects.values()).contains("full pack", "incremental pack");
    assertThat(verify().problems()).as("the repository starts clean").isEmpty();
  }

  @Test
  void everyChangedByteOfEveryKindOfObjectIsNamedByVerify() throws Exception {
    SplittableRandom random = new SplittableRandom(17);
    List<String> missed = new ArrayList<>();
    Map<String, Integer> flips = new LinkedHashMap<>();
    for (Map.Entry<String, String> object : objects.entrySet()) {
      Path file = target.pathOf(object.getKey());
      byte[] original = Files.readAllBytes(file);
      // A manifest is covered as a whole by one SHA-256 (in its catalog entry), a pack by another
      // (in its manifest's object_list): a random position in every 4 bytes covers them densely at
      // a quarter of the cost. Catalog entries and the pointer, checked field by field: every byte.
      // An index, like a pack, is covered by one SHA-256 in its manifest (read with read-data).
      boolean pack = object.getValue().endsWith("pack") || object.getValue().endsWith("index");
      int stride = pack || object.getValue().endsWith("manifest") ? 4 : 1;
      for (int block = 0; block < original.length; block += stride) {
        int offset = block + random.nextInt(Math.min(stride, original.length - block));
        // One bit (the smallest change) or one random byte value.
        int change = random.nextBoolean() ? 1 << random.nextInt(8) : 1 + random.nextInt(255);
        byte[] damaged = original.clone();
        damaged[offset] = (byte) (damaged[offset] ^ change);
        Files.write(file, damaged);
        VerifyReport report = verify(pack);
        if (!names(report, object.getKey())) {
          missed.add(
              object.getValue()
                  + " "
                  + object.getKey()
                  + " byte "
                  + offset
                  + " ^ 0x"
                  + Integer.toHexString(change)
                  + ": "
                  + report.problems());
        }
        flips.merge(object.getValue(), 1, Integer::sum);
      }
      Files.write(file, original);
    }
    assertThat(flips)
        .containsKeys(
            "full catalog entry",
            "incremental catalog entry",
            "full manifest",
            "incremental manifest",
            "latest pointer",
            "full pack",
            "incremental pack",
            "full index",
            "incremental index");
    assertThat(missed).as("changes verify did not name, of %s", flips).isEmpty();
  }

  @Test
  void aCatalogKeyThatNoLongerParsesHidesItsSnapshotAndIsNamed() throws Exception {
    String key =
        objects.keySet().stream()
            .filter(k -> k.contains("_incremental_"))
            .findFirst()
            .orElseThrow();
    String renamed = key.replace("_incremental_", "_incrementaL_");
    Files.move(target.pathOf(key), target.pathOf(renamed));
    assertThat(repo.catalog().list()).hasSize(1);
    assertThat(verify().problems())
        .anySatisfy(p -> assertThat(p.object()).isEqualTo(renamed))
        .anySatisfy(
            p -> assertThat(p.object()).isEqualTo(repo.layout().latestKey(target.provider())));
  }

  @Test
  void aLatestPointerThatNamesAnOlderSnapshotIsNamed() throws Exception {
    String latest = repo.layout().latestKey(target.provider());
    SnapshotSummary older = repo.catalog().list().get(0);
    Manifest m = repo.readManifest(older);
    target.replace(
        latest,
        dev.bulwark.engine.format.Json.write(
            dev.bulwark.engine.format.LatestPointer.of(m, target.provider(), older.manifestKey())));
    assertThat(verify().problems())
        .singleElement()
        .satisfies(p -> assertThat(p.object()).isEqualTo(latest))
        .satisfies(p -> assertThat(p.reason()).contains("job_id").contains(older.jobId()));
  }

  private VerifyReport verify() throws EngineException {
    return verify(true);
  }

  /** Pack bytes are checked by reading data; metadata is checked either way. */
  private VerifyReport verify(boolean readData) throws EngineException {
    return new Verifier(repo).verify(VerifyRequest.builder().readData(readData).build());
  }

  private static boolean names(VerifyReport report, String key) {
    for (VerifyProblem p : report.problems()) {
      if (p.object().equals(key) || p.reason().contains(key)) {
        return true;
      }
    }
    return false;
  }
}
