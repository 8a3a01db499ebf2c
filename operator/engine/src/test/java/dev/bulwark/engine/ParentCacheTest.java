package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.ParentCache;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.PackRef;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.lock.LockInfo;
import dev.bulwark.engine.lock.RepositoryLock;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.target.Target;
import dev.bulwark.engine.testing.BackupProcessMain;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.ForwardingTarget;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parent cache never changes what is backed up: incrementals with it and without it record the
 * same entries and restore the same bytes, and a cache that is damaged, truncated, stale or torn by
 * a kill -9 is rebuilt from the repository, saying why.
 */
class ParentCacheTest {
  @TempDir Path tmp;
  private Path src;

  @BeforeEach
  void tree() throws Exception {
    src = tmp.resolve("src");
    TestTrees.sampleTree(src);
    for (int i = 0; i < 120; i++) {
      TestTrees.write(src.resolve("d" + (i % 6) + "/f" + i + ".json"), "{\"n\": " + i + "}");
    }
    TestTrees.randomFile(src.resolve("big/blob.bin"), 3_000_000, 7);
  }

  private static BackupResult backup(Repository repo, Path source, SnapshotType type, Path cache)
      throws EngineException {
    BackupRequest.Builder request =
        BackupRequest.builder()
            .source(SourceDirectory.of(source, "raw", SourcePriority.P0))
            .snapshotType(type);
    if (cache != null) {
      request.parentCache(ParentCache.in(cache));
    }
    return new BackupEngine(repo).backup(request.build());
  }

  private BackupResult incremental(Repository repo, Path cache) throws EngineException {
    return backup(repo, src, SnapshotType.INCREMENTAL, cache);
  }

  private void assertRestoresTheSource(Repository repo, BackupResult result) throws Exception {
    Path dest = tmp.resolve("restore-" + result.jobId());
    Fixture.restoreAll(repo, result.jobId(), dest);
    TestTrees.assertSameTree(src, Fixture.restored(dest, src));
  }

  @Test
  void incrementalsWithAndWithoutTheCacheRecordTheSameEntriesAndRestoreTheSameBytes()
      throws Exception {
    Path cache = tmp.resolve("cache");
    Repository cached = Repository.open(new LocalTarget(tmp.resolve("repo-a")), "prod", "p");
    BackupResult full = backup(cached, src, SnapshotType.FULL, cache);
    // The same repository, byte for byte, backed up from here on without a cache.
    Fixture.copyTree(tmp.resolve("repo-a"), tmp.resolve("repo-b"));
    Repository plain = Repository.open(new LocalTarget(tmp.resolve("repo-b")), "prod", "p");
    String original = Files.readString(src.resolve("d1/f1.json"));

    List<Step> steps = new ArrayList<>();
    steps.add(
        () -> {
          append(src.resolve("d1/f1.json"), " ");
          append(src.resolve("d2/f2.json"), "  ");
          write(src.resolve("d3/new.json"), "{\"new\": true}");
          delete(src.resolve("d4/f4.json"));
        });
    steps.add(() -> {}); // nothing changed
    steps.add(
        () -> {
          write(src.resolve("d1/f1.json"), original); // reverted: content the full stores
          write(src.resolve("d5/copy.json"), "{\"n\": 5}"); // a copy of d5/f5.json
          chmod(src.resolve("d0/f0.json"), "rw-------");
          TestTrees.randomFile(src.resolve("big/blob2.bin"), 2_000_000, 8);
        });
    steps.add(
        () -> {
          delete(src.resolve("d3/new.json"));
          append(src.resolve("big/blob.bin"), "tail");
        });
    String previousA = full.jobId();
    for (int step = 0; step < steps.size(); step++) {
      steps.get(step).run();
      BackupResult a = incremental(cached, cache);
      BackupResult b = incremental(plain, null);
      assertThat(a.parentSource()).as("step %d", step).isEqualTo("parent cache");
      assertThat(a.parentJobId()).isEqualTo(previousA);
      assertThat(b.parentSource()).startsWith("repository (no parent cache");
      assertThat(a.snapshotType()).isEqualTo(SnapshotType.INCREMENTAL);
      assertThat(List.of(a.files(), a.directories(), a.symlinks(), a.bytes(), a.filesRead()))
          .as("step %d", step)
          .isEqualTo(List.of(b.files(), b.directories(), b.symlinks(), b.bytes(), b.filesRead()));
      assertThat(comparable(cached, a.jobId(), full.jobId()))
          .as("step %d", step)
          .isEqualTo(comparable(plain, b.jobId(), full.jobId()));
      assertRestoresTheSource(cached, a);
      assertRestoresTheSource(plain, b);
      previousA = a.jobId();
    }
  }

  /**
   * A manifest's entries and deletions with the locations of content this job or an earlier
   * incremental stored replaced by a fixed marker (their pack ids are random): content of the full
   * keeps its exact location.
   */
  private static List<String> comparable(Repository repo, String jobId, String fullJobId)
      throws EngineException {
    Manifest m = repo.readManifest(repo.catalog().find(jobId).orElseThrow());
    Map<String, String> keys = new HashMap<>();
    for (PackRef p : m.packs()) {
      keys.put(p.id(), p.key());
    }
    String fullPrefix = repo.layout().jobPrefix(fullJobId);
    List<String> out = new ArrayList<>();
    for (FileEntry e : m.files()) {
      FileEntry shown = e;
      if (e.pack() != null && !keys.get(e.pack()).startsWith(fullPrefix)) {
        shown = e.withLocation("later", 0, 0, 0);
      }
      out.add(shown.toString());
    }
    out.add("deleted " + m.deleted());
    out.add("schema " + m.schemaVersions());
    return out;
  }

  @Test
  void theNextIncrementalReadsTheCacheAndNoManifest() throws Exception {
    Path cache = tmp.resolve("cache");
    List<String> manifestReads = new ArrayList<>();
    Target counting =
        new ForwardingTarget(new LocalTarget(tmp.resolve("repo"))) {
          @Override
          public InputStream get(String key) throws IOException {
            if (key.endsWith("backup_manifest.json")) {
              manifestReads.add(key);
            }
            return super.get(key);
          }
        };
    Repository repo = Repository.open(counting, "prod", "p");
    backup(repo, src, SnapshotType.FULL, cache);
    append(src.resolve("d1/f1.json"), "x");
    BackupResult first = incremental(repo, cache);
    append(src.resolve("d2/f2.json"), "y");
    BackupResult second = incremental(repo, cache);

    assertThat(manifestReads).as("manifests read by the two incrementals").isEmpty();
    assertThat(List.of(first.parentSource(), second.parentSource())).containsOnly("parent cache");
    assertThat(List.of(first.filesRead(), second.filesRead())).containsExactly(1L, 1L);
    assertRestoresTheSource(repo, second);
    manifestReads.clear(); // the restore read them
    BackupResult uncached = incremental(repo, null);
    assertThat(manifestReads).as("without the cache: the incremental's and its full's").hasSize(2);
    assertThat(uncached.filesRead()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"newest", "full"})
  void aDamagedByteIsDetectedAndTheCacheRebuilt(String which) throws Exception {
    Path cache = tmp.resolve("cache");
    Repository repo = Repository.open(new LocalTarget(tmp.resolve("repo")), "prod", "p");
    backup(repo, src, SnapshotType.FULL, cache);
    Path file = cacheFile(repo, cache, which);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
    append(src.resolve("d1/f1.json"), "x");

    BackupResult next = incremental(repo, cache);

    assertThat(next.parentSource())
        .startsWith("repository (the parent cache file " + file)
        .contains("CRC32C");
    assertRestoresTheSource(repo, next);
    append(src.resolve("d2/f2.json"), "y");
    BackupResult after = incremental(repo, cache);
    assertThat(after.parentSource()).as("rebuilt").isEqualTo("parent cache");
    assertRestoresTheSource(repo, after);
  }

  @Test
  void aTruncatedCacheIsRebuilt() throws Exception {
    Path cache = tmp.resolve("cache");
    Repository repo = Repository.open(new LocalTarget(tmp.resolve("repo")), "prod", "p");
    backup(repo, src, SnapshotType.FULL, cache);
    Path file = cacheFile(repo, cache, "full");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    append(src.resolve("d1/f1.json"), "x");

    BackupResult next = incremental(repo, cache);

    assertThat(next.parentSource()).contains("is truncated");
    assertRestoresTheSource(repo, next);
    assertThat(incremental(repo, cache).parentSource()).isEqualTo("parent cache");
  }

  @Test
  void aMissingCacheIsBuiltFromTheRepository() throws Exception {
    Path cache = tmp.resolve("cache");
    Repository repo = Repository.open(new LocalTarget(tmp.resolve("repo")), "prod", "p");
    backup(repo, src, SnapshotType.FULL, null);

    BackupResult first = incremental(repo, cache);
    BackupResult second = incremental(repo, cache);

    assertThat(first.parentSource()).isEqualTo("repository (the parent cache is missing)");
    assertThat(second.parentSource()).isEqualTo("parent cache");
    assertRestoresTheSource(repo, second);
  }

  @Test
  void aSnapshotFromAnotherHostMakesTheCacheStale() throws Exception {
    Path here = tmp.resolve("cache-here");
    Path elsewhere = tmp.resolve("cache-elsewhere");
    Repository repo = Repository.open(new LocalTarget(tmp.resolve("repo")), "prod", "p");
    BackupResult full = backup(repo, src, SnapshotType.FULL, here);
    append(src.resolve("d1/f1.json"), "x");
    BackupResult other = incremental(repo, elsewhere);
    append(src.resolve("d2/f2.json"), "y");
    delete(src.resolve("d3/f3.json"));

    BackupResult next = incremental(repo, here);

    assertThat(next.parentSource())
        .isEqualTo(
            "repository (the parent cache is stale: it holds snapshot "
                + full.jobId()
                + " but the repository's newest is "
                + other.jobId()
                + ")");
    assertThat(next.parentJobId()).isEqualTo(other.jobId());
    assertThat(next.filesRead()).as("only d2/f2.json changed since the other host's").isEqualTo(1);
    assertRestoresTheSource(repo, next);
  }

  @Test
  void aReplacedManifestIsNotTakenFromTheCache() throws Exception {
    Path cache = tmp.resolve("cache");
    LocalTarget target = new LocalTarget(tmp.resolve("repo"));
    Repository repo = Repository.open(target, "prod", "p");
    BackupResult full = backup(repo, src, SnapshotType.FULL, cache);
    Files.writeString(
        target.pathOf(repo.layout().manifestKey(full.jobId())),
        "{\"format_version\": 1, \"garbage\": true}");

    // As without a cache: the damage is reported (and the runtime takes a full instead).
    assertThatThrownBy(() -> incremental(repo, cache))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("manifest is corrupt");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aBackupKilledMidCacheWriteLeavesACacheThatIsNeverTrustedTorn(boolean warm) throws Exception {
    Path cache = tmp.resolve("cache");
    Path repoDir = tmp.resolve("repo");
    Repository repo = Repository.open(new LocalTarget(repoDir), "prod", "crash");
    backup(repo, src, SnapshotType.FULL, warm ? cache : null);
    append(src.resolve("d1/f1.json"), "x");

    String dead = runAndKill(repoDir, cache);

    Path dir = ParentCache.in(cache).directoryOf(repo);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("the kill left a temporary file")
          .anyMatch(n -> n.startsWith(".") && n.endsWith(".tmp"));
    }
    append(src.resolve("d2/f2.json"), "y");
    BackupResult next = incremental(repo, cache);

    if (warm) {
      // The dead job committed before it wrote the cache, which still names the full.
      assertThat(next.parentJobId()).isEqualTo(dead);
      assertThat(next.parentSource()).contains("the parent cache is stale");
    } else {
      assertThat(next.parentSource()).contains("the parent cache is missing");
    }
    assertRestoresTheSource(repo, next);
    assertThat(new Verifier(repo).verify(VerifyRequest.builder().readData(true).build()).problems())
        .isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("leftovers are removed")
          .noneMatch(n -> n.endsWith(".tmp"));
    }
    append(src.resolve("d3/f3.json"), "z");
    BackupResult after = incremental(repo, cache);
    assertThat(after.parentSource()).isEqualTo("parent cache");
    assertRestoresTheSource(repo, after);
  }

  /** An incremental in its own process, killed -9 halfway through its first cache file write. */
  private String runAndKill(Path repoDir, Path cache) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                BackupProcessMain.class.getName(),
                repoDir.toString(),
                src.toString(),
                "incremental",
                "cache-write",
                cache.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
      String line;
      StringBuilder seen = new StringBuilder();
      while ((line = out.readLine()) != null && !line.equals("PAUSED")) {
        seen.append(line).append('\n');
      }
      assertThat(line).as("backup process output: " + seen).isEqualTo("PAUSED");
      Process killed = process.destroyForcibly();
      assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    LockInfo lock =
        RepositoryLock.read(new LocalTarget(repoDir), "backups/prod/locks/crash.json")
            .orElseThrow();
    assertThat(JobId.isValid(lock.jobId())).isTrue();
    return lock.jobId();
  }

  private static Path cacheFile(Repository repo, Path cache, String which) throws Exception {
    Path dir = ParentCache.in(cache).directoryOf(repo);
    if (which.equals("newest")) {
      return dir.resolve("newest.bin");
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("full-"))
          .findFirst()
          .orElseThrow();
    }
  }

  /** A change to the source tree between two backups. */
  private interface Step {
    void run() throws Exception;
  }

  private static void append(Path file, String text) {
    try {
      Files.writeString(file, text, StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      TestTrees.write(file, text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void chmod(Path file, String perms) {
    try {
      TestTrees.chmod(file, perms);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
