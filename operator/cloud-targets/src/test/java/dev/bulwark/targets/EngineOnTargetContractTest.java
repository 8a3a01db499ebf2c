package dev.bulwark.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bulwark.engine.EncryptionKeyException;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.crypto.EncryptionKey;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.PackObject;
import dev.bulwark.engine.format.PackRef;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.restore.RestoreResult;
import dev.bulwark.engine.retention.ObjectExpiry;
import dev.bulwark.engine.target.Target;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.testing.TestingClock;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyProblem;
import dev.bulwark.engine.verify.VerifyReport;
import dev.bulwark.engine.verify.VerifyRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot engine's round trips on a target: backup, incremental chains, point-in-time and
 * one-path restores, verify, encryption, a second machine with nothing but the bucket, a catalog of
 * more than a thousand snapshots and, on object stores, packs uploaded in several parts and a part
 * upload that fails mid-pack. A subclass supplies an empty store per test and a backdoor into it
 * that bypasses the target (to read, corrupt and inspect what is stored).
 */
public abstract class EngineOnTargetContractTest {
  /** The tiering tags every object of the repository carries (180 days of retention). */
  private static final Map<String, String> TIER_TAGS =
      Map.of("tier", "hot", ObjectExpiry.TAG, "180");

  private static final Instant START = Instant.parse("2026-11-28T02:00:00Z");
  private static final Duration CADENCE = Duration.ofMinutes(5);
  private static final int MIB = 1024 * 1024;
  private static final int RANDOM_BYTES = 3 * MIB;
  private static final String ENV = "prod";
  private static final String POLICY = "teaching-data";

  /** What only object stores with multipart uploads can do. */
  protected interface MultipartStore {
    /** The part size the suite's target was configured with. */
    int partSize();

    /** Whether the object of target key {@code key} was assembled from a multipart upload. */
    boolean storedAsMultipart(String key) throws Exception;

    /** From now on the store answers 500 InternalError to every upload of part {@code part}. */
    void failUploadsOfPart(int part);

    /** The store answers normally again. */
    void stopFailing();
  }

  @TempDir protected Path temp;

  /** The target under test, opened on an empty store before each test. */
  protected Target target;

  private TestingClock clock;
  private Path source;
  private Path state;
  private Repository repo;

  /** A target on a fresh, empty store (bucket or directory). */
  protected abstract Target newTarget() throws Exception;

  /**
   * Another target on the store of {@link #target}, with its own client and nothing shared: what a
   * second machine would open.
   */
  protected abstract Target reopen() throws Exception;

  /**
   * Everything the store holds, read past the target: every object of the bucket (or file under the
   * directory, tags and partial uploads included) by its key in the store.
   */
  protected abstract Map<String, byte[]> storedObjects() throws Exception;

  /** Overwrites the stored object of target key {@code key} in place, past the target. */
  protected abstract void overwriteStoredObject(String key, byte[] content) throws Exception;

  /** Descriptions of uncommitted writes left in the store (multipart uploads, partial files). */
  protected abstract List<String> incompleteWrites() throws Exception;

  /** The multipart fixture; empty for stores without multipart uploads. */
  protected Optional<MultipartStore> multipart() {
    return Optional.empty();
  }

  @BeforeEach
  void openRepository() throws Exception {
    target = newTarget();
    clock = TestingClock.at(START);
    source = temp.resolve("src/teaching");
    state = temp.resolve("state");
    SourceTree.create(source, RANDOM_BYTES);
    repo = repository(target);
  }

  @AfterEach
  void closeTarget() throws Exception {
    target.close();
  }

  @Test
  void aFullBackupOfAVariedTreeRestoresByteIdentical() throws Exception {
    BackupResult full = backup(repo, SnapshotType.FULL);

    assertThat(full.snapshotType()).isEqualTo(SnapshotType.FULL);
    assertThat(full.symlinks()).isEqualTo(1);
    Path dest = temp.resolve("restore");
    RestoreResult restored =
        new RestoreEngine(repo)
            .restore(RestoreRequest.builder(dest).snapshot(full.jobId()).build());
    assertThat(restored.files()).isEqualTo(full.files());
    assertThat(restored.symlinks()).isEqualTo(1);
    TestTrees.assertSameTree(source, restored(dest));

    Manifest manifest = manifest(repo, full.jobId());
    assertThat(manifest.targetProvider()).isEqualTo(target.provider());
    ObjectExpiry expiry = repo.objectExpiry().orElseThrow();
    Map<String, Integer> expectedDays = new TreeMap<>();
    manifest.objectList().forEach(p -> expectedDays.put(p.path(), expiry.packDays()));
    expectedDays.put(
        repo.layout().manifestKey(full.jobId()), expiry.manifestDays(SnapshotType.FULL));
    expectedDays.put(
        repo.catalog().find(full.jobId()).orElseThrow().catalogKey(),
        expiry.catalogEntryDays(SnapshotType.FULL));
    expectedDays.forEach(
        (key, days) -> {
          try {
            assertThat(target.tags(key))
                .as("tags of " + key)
                .containsEntry("tier", "hot")
                .containsEntry(ObjectExpiry.TAG, Integer.toString(days))
                .containsEntry("policy", POLICY)
                .containsEntry("job", full.jobId());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    assertThat(incompleteWrites()).isEmpty();
  }

  @Test
  void anIncrementalChainRestoresEachSnapshotAndTheOlderStateByTime() throws Exception {
    BackupResult full = backup(repo, SnapshotType.FULL);
    Path v0 = version(0);
    SourceTree.changeFirst(source);
    BackupResult first = backup(repo, SnapshotType.INCREMENTAL);
    Path v1 = version(1);
    SourceTree.changeSecond(source);
    BackupResult second = backup(repo, SnapshotType.INCREMENTAL);
    Path v2 = version(2);

    assertThat(first.snapshotType()).isEqualTo(SnapshotType.INCREMENTAL);
    assertThat(first.parentFullJobId()).isEqualTo(full.jobId());
    assertThat(second.parentFullJobId()).isEqualTo(full.jobId());
    assertThat(second.parentJobId()).isEqualTo(first.jobId());
    assertThat(first.bytesRead()).as("the random data is not read again").isLessThan(MIB);
    assertThat(second.bytesRead()).isLessThan(MIB);

    assertRestores(full.jobId(), v0);
    assertRestores(first.jobId(), v1);
    assertRestores(second.jobId(), v2);
    assertRestoresAt(full.finishedAt().plus(Duration.ofMinutes(2)), full.jobId(), v0);
    assertRestoresAt(first.finishedAt().plus(Duration.ofMinutes(2)), first.jobId(), v1);
  }

  @Test
  void anL1RestoreOfOnePathReadsOnlyRangesOfItsPack() throws Exception {
    BackupResult full = backup(repo, SnapshotType.FULL, state, 1); // one worker: one pack
    Manifest manifest = manifest(repo, full.jobId());
    String archivePath = archivePath() + "/" + SourceTree.SMALL_FILE;
    FileEntry entry =
        manifest.files().stream()
            .filter(e -> e.path().equals(archivePath))
            .findFirst()
            .orElseThrow();
    String packKey =
        manifest.packs().stream()
            .filter(p -> p.id().equals(entry.pack()))
            .map(PackRef::key)
            .findFirst()
            .orElseThrow();
    long packSize = target.head(packKey).orElseThrow().size();
    assertThat(packSize).as("the pack holds the random data too").isGreaterThan(RANDOM_BYTES);

    RecordingTarget recording = new RecordingTarget(target);
    Path dest = temp.resolve("l1");
    RestoreResult result =
        new RestoreEngine(repository(recording))
            .restore(RestoreRequest.builder(dest).snapshot(full.jobId()).path(archivePath).build());

    assertThat(result.files()).isEqualTo(1);
    Path original = source.resolve(SourceTree.SMALL_FILE);
    Path back = restored(dest).resolve(SourceTree.SMALL_FILE);
    assertThat(Files.mismatch(original, back)).isEqualTo(-1L);
    assertThat(Files.getPosixFilePermissions(back))
        .isEqualTo(Files.getPosixFilePermissions(original));
    assertThat(Files.getLastModifiedTime(back)).isEqualTo(Files.getLastModifiedTime(original));
    assertThat(restored(dest).resolve(SourceTree.RANDOM_FILE)).doesNotExist();
    assertThat(recording.wholeReads()).as("no pack is read whole").doesNotContain(packKey);
    List<RecordingTarget.RangedRead> ranges =
        recording.rangedReads().stream().filter(r -> r.key().equals(packKey)).toList();
    assertThat(ranges).isNotEmpty();
    assertThat(ranges.stream().mapToLong(RecordingTarget.RangedRead::length).sum())
        .isLessThan(packSize / 4);
    assertThat(result.bytesRead()).isLessThan(packSize / 4);
  }

  @Test
  void verifyWithReadDataPassesThenNamesACorruptedAndAMissingPack() throws Exception {
    BackupResult full = backup(repo, SnapshotType.FULL);
    SourceTree.changeFirst(source);
    BackupResult incremental = backup(repo, SnapshotType.INCREMENTAL);

    VerifyReport clean = new Verifier(repo).verify(VerifyRequest.builder().readData(true).build());
    assertThat(clean.problems()).isEmpty();
    assertThat(clean.snapshotsChecked()).isEqualTo(2);
    assertThat(clean.packsRead()).isGreaterThanOrEqualTo(2);

    String corrupted = largest(manifest(repo, full.jobId()).objectList()).path();
    byte[] bytes = readWhole(corrupted);
    bytes[bytes.length / 2] ^= 0x5a; // same size: only reading the data can tell
    overwriteStoredObject(corrupted, bytes);
    String missing = largest(manifest(repo, incremental.jobId()).objectList()).path();
    target.delete(missing);

    VerifyReport report = new Verifier(repo).verify(VerifyRequest.builder().readData(true).build());
    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).extracting(VerifyProblem::object).contains(corrupted, missing);
    assertThat(report.problems())
        .filteredOn(p -> p.object().equals(missing))
        .anySatisfy(p -> assertThat(p.reason()).contains("missing"));
  }

  @Test
  void encryptedSnapshotsStoreNoPlaintextOfAKnownFile() throws Exception {
    byte[] random = Files.readAllBytes(source.resolve(SourceTree.RANDOM_FILE));
    byte[] needle = Arrays.copyOfRange(random, 1_000_000, 1_000_064);
    // The control: unencrypted, incompressible data is stored verbatim, so the search works.
    backup(repository(target, "plain", null), SnapshotType.FULL);
    assertThat(objectsUnder("backups/plain/").values()).anyMatch(o -> indexOf(o, needle) >= 0);

    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    EncryptionKey key = EncryptionKey.ofBytes(raw);
    Repository sealed = repository(target, "sealed", key);
    BackupResult result = backup(sealed, SnapshotType.FULL);

    Map<String, byte[]> stored = objectsUnder("backups/sealed/");
    assertThat(stored.keySet()).anyMatch(k -> k.endsWith(".tar.zst.gcm"));
    assertThat(stored)
        .allSatisfy((k, content) -> assertThat(indexOf(content, needle)).as(k).isNegative());
    Path dest = temp.resolve("sealed-restore");
    new RestoreEngine(sealed)
        .restore(RestoreRequest.builder(dest).snapshot(result.jobId()).build());
    TestTrees.assertSameTree(source, restored(dest));
    Repository keyless = repository(target, "sealed", null);
    assertThatThrownBy(
            () ->
                new RestoreEngine(keyless)
                    .restore(RestoreRequest.builder(temp.resolve("no-key")).build()))
        .isInstanceOf(EncryptionKeyException.class)
        .hasMessageContaining(key.keyId());
  }

  @Test
  void aSecondMachineWithNoLocalStateListsRestoresAndContinuesFromTheBucketAlone()
      throws Exception {
    BackupResult full = backup(repo, SnapshotType.FULL);
    SourceTree.changeFirst(source);
    BackupResult incremental = backup(repo, SnapshotType.INCREMENTAL);
    Path v1 = version(1);
    assertThat(state.resolve("latest_" + target.provider() + ".json")).exists();

    Path freshState = temp.resolve("second-machine-state");
    try (Target fresh = reopen()) {
      Repository secondMachine = repository(fresh);
      assertThat(secondMachine.catalog().list())
          .extracting(SnapshotSummary::jobId)
          .containsExactly(full.jobId(), incremental.jobId());
      Path dest = temp.resolve("second-machine-restore");
      RestoreResult restored =
          new RestoreEngine(secondMachine).restore(RestoreRequest.builder(dest).build());
      assertThat(restored.snapshotJobId()).isEqualTo(incremental.jobId());
      TestTrees.assertSameTree(v1, restored(dest));
      assertThat(
              new Verifier(secondMachine)
                  .verify(VerifyRequest.builder().readData(true).build())
                  .problems())
          .isEmpty();

      SourceTree.changeSecond(source);
      BackupResult next = backup(secondMachine, SnapshotType.INCREMENTAL, freshState, 2);
      assertThat(next.parentJobId()).isEqualTo(incremental.jobId());
      assertThat(next.parentFullJobId()).isEqualTo(full.jobId());
      assertThat(next.bytesRead()).isLessThan(MIB);
      assertThat(Files.readString(freshState.resolve("latest_" + fresh.provider() + ".json")))
          .contains(next.jobId());
    }
    assertRestores(repo.catalog().newest().orElseThrow().jobId(), source);
  }

  @Test
  void theCatalogListsMoreThanAThousandSnapshotsAcrossListingPages() throws Exception {
    BackupResult full = backup(repo, SnapshotType.FULL);
    BackupResult unchanged = backup(repo, SnapshotType.INCREMENTAL);
    assertThat(unchanged.filesRead()).isZero();
    assertThat(unchanged.packsWritten()).isZero();
    int clones = 1_001; // with the full and the template: 1,003 snapshots, two listing pages
    List<String> published;
    try (Target writer = reopen()) {
      published =
          UnchangedIncrementals.publish(
              repository(writer), unchanged.jobId(), clock.instant(), CADENCE, clones);
    }
    String last = published.get(clones - 1);
    clock.set(JobId.startedAt(last).plus(Duration.ofMinutes(1)));

    List<SnapshotSummary> all = repo.catalog().list();
    assertThat(all).hasSize(clones + 2);
    assertThat(all)
        .extracting(SnapshotSummary::jobId)
        .startsWith(full.jobId(), unchanged.jobId())
        .endsWith(last)
        .containsAll(published)
        .doesNotHaveDuplicates()
        .isSorted();
    assertThat(repo.catalog().newest()).map(SnapshotSummary::jobId).contains(last);
    // The 1,001st catalog key: the first one of the second listing page.
    String beyondFirstPage = all.get(1_000).jobId();
    assertThat(beyondFirstPage).isEqualTo(published.get(998));
    SnapshotSummary summary = repo.catalog().find(beyondFirstPage).orElseThrow();
    assertThat(repo.catalog().newestAtOrBefore(summary.finishedAt().plusSeconds(60)))
        .map(SnapshotSummary::jobId)
        .contains(beyondFirstPage);
    assertRestores(beyondFirstPage, source);
    assertThat(
            new Verifier(repo)
                .verify(VerifyRequest.builder().snapshot(last).readData(true).build())
                .problems())
        .isEmpty();
  }

  @Test
  void aBackupWhosePacksSpanSeveralPartsRoundTrips() throws Exception {
    MultipartStore store = multipartOnly();
    SourceTree.randomFile(source.resolve("media/large.bin"), 2L * store.partSize() + MIB, 7);

    BackupResult full = backup(repo, SnapshotType.FULL);

    PackObject pack = largest(manifest(repo, full.jobId()).objectList());
    assertThat(pack.size()).isGreaterThan(2L * store.partSize());
    assertThat(store.storedAsMultipart(pack.path())).as(pack.path() + " is multipart").isTrue();
    assertRestores(full.jobId(), source);
    assertThat(new Verifier(repo).verify(VerifyRequest.builder().readData(true).build()).problems())
        .isEmpty();
    assertThat(incompleteWrites()).isEmpty();
  }

  @Test
  void aPartUploadFailingMidPackFailsTheJobLeavingNothingAndTheNextJobSucceeds() throws Exception {
    MultipartStore store = multipartOnly();
    SourceTree.randomFile(source.resolve("media/large.bin"), 2L * store.partSize() + MIB, 8);
    store.failUploadsOfPart(2);

    Throwable failure = catchThrowable(() -> backup(repo, SnapshotType.FULL));

    assertThat(failure)
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(target.describe())
        .hasMessageContaining("uploading part 2 of")
        .hasMessageContaining("InternalError");
    assertThat(repo.catalog().list()).isEmpty();
    assertThat(storedObjects()).as("nothing of the failed job remains").isEmpty();
    assertThat(incompleteWrites()).isEmpty();

    store.stopFailing();
    BackupResult next = backup(repo, SnapshotType.INCREMENTAL);
    assertThat(next.snapshotType()).isEqualTo(SnapshotType.FULL);
    assertThat(repo.catalog().list())
        .extracting(SnapshotSummary::jobId)
        .containsExactly(next.jobId());
    assertRestores(next.jobId(), source);
    assertThat(incompleteWrites()).isEmpty();
  }

  // ---- helpers ----

  private MultipartStore multipartOnly() {
    Optional<MultipartStore> store = multipart();
    Assumptions.assumeTrue(store.isPresent(), "only object stores upload in parts");
    return store.get();
  }

  private Repository repository(Target on) {
    return repository(on, ENV, null);
  }

  private Repository repository(Target on, String env, EncryptionKey key) {
    return Repository.builder(on, env, POLICY)
        .objectTags(TIER_TAGS)
        .encryptionKey(key)
        .clock(clock)
        .build();
  }

  private BackupResult backup(Repository on, SnapshotType type) throws EngineException {
    return backup(on, type, state, 2);
  }

  /** Backs up the source, then moves the clock on by one cadence. */
  private BackupResult backup(Repository on, SnapshotType type, Path stateDirectory, int threads)
      throws EngineException {
    BackupResult result =
        new BackupEngine(on)
            .backup(
                BackupRequest.builder()
                    .source(SourceDirectory.of(source, "raw", SourcePriority.P0))
                    .snapshotType(type)
                    .stateDirectory(stateDirectory)
                    .threads(threads)
                    .build());
    clock.advance(CADENCE);
    return result;
  }

  private void assertRestores(String jobId, Path expected) throws Exception {
    Path dest = temp.resolve("restore-" + jobId);
    RestoreResult result =
        new RestoreEngine(repo).restore(RestoreRequest.builder(dest).snapshot(jobId).build());
    assertThat(result.snapshotJobId()).isEqualTo(jobId);
    TestTrees.assertSameTree(expected, restored(dest));
  }

  private void assertRestoresAt(Instant at, String expectedJobId, Path expected) throws Exception {
    Path dest = temp.resolve("restore-at-" + at.toEpochMilli());
    RestoreResult result =
        new RestoreEngine(repo).restore(RestoreRequest.builder(dest).at(at).build());
    assertThat(result.snapshotJobId()).isEqualTo(expectedJobId);
    TestTrees.assertSameTree(expected, restored(dest));
  }

  /** A copy of the source as it is now. */
  private Path version(int n) throws Exception {
    Path copy = temp.resolve("v" + n);
    SourceTree.copy(source, copy);
    return copy;
  }

  private String archivePath() {
    return SourceDirectory.of(source, "raw", SourcePriority.P0).archivePath();
  }

  private Path restored(Path dest) {
    return dest.resolve(archivePath());
  }

  private static Manifest manifest(Repository on, String jobId) throws EngineException {
    return on.readManifest(on.catalog().find(jobId).orElseThrow());
  }

  private static PackObject largest(List<PackObject> objects) {
    return objects.stream().max(Comparator.comparingLong(PackObject::size)).orElseThrow();
  }

  private byte[] readWhole(String key) throws IOException {
    try (InputStream in = target.get(key)) {
      return in.readAllBytes();
    }
  }

  private Map<String, byte[]> objectsUnder(String fragment) throws Exception {
    Map<String, byte[]> found = new TreeMap<>();
    storedObjects()
        .forEach(
            (key, content) -> {
              if (key.contains(fragment)) {
                found.put(key, content);
              }
            });
    assertThat(found).as("objects under " + fragment).isNotEmpty();
    return found;
  }

  /** The first index of {@code needle} in {@code haystack}, or -1. */
  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      if (haystack[i] != needle[0]) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
