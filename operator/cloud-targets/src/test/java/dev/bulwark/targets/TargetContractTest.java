package dev.bulwark.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bulwark.engine.target.ObjectExistsException;
import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.ObjectNotFoundException;
import dev.bulwark.engine.target.ObjectPage;
import dev.bulwark.engine.target.ObjectWriter;
import dev.bulwark.engine.target.Target;
import dev.bulwark.targets.lifecycle.BucketLifecycle;
import dev.bulwark.targets.lifecycle.HotTierCheck;
import dev.bulwark.targets.lifecycle.HotTierReport;
import dev.bulwark.targets.lifecycle.LifecyclePlan;
import dev.bulwark.targets.lifecycle.LifecyclePolicy;
import dev.bulwark.targets.lifecycle.LifecycleRule;
import dev.bulwark.targets.lifecycle.RuleChange;
import dev.bulwark.targets.lifecycle.StorageClassListing;
import dev.bulwark.targets.lifecycle.StoredObject;
import dev.bulwark.targets.lifecycle.TierRules;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The target contract: every test runs against each store (local directory, S3, OSS). A subclass
 * supplies a fresh, empty target per test and a way to see leftovers of uncommitted writes; the
 * cloud stores also supply a {@link CloudFixture} for lifecycle, storage classes and outages.
 */
public abstract class TargetContractTest {
  /** The part size subclasses configure: S3's minimum, so that 12 MiB is already multipart. */
  protected static final int PART_SIZE = 5 * 1024 * 1024;

  /** The secret the outage tests configure, searched for in every message and log line. */
  protected static final String TEST_SECRET = "s3cr3t-DO-NOT-LEAK-7f3a9c";

  private static final int MIB = 1024 * 1024;

  /** How a store can be down. */
  public enum Outage {
    /** Nothing listens any more (the server was stopped, the volume unmounted). */
    STOPPED,
    /** The server answers 500 InternalError to everything. */
    ANSWERS_500,
    /**
     * The server hangs (SIGSTOP): connections open, nothing is answered. The store under test is
     * configured with request timeouts of a few seconds; only they end its requests.
     */
    HUNG
  }

  /** What only object stores have: bucket lifecycle, storage classes, remote outages. */
  protected interface CloudFixture {
    /** The lifecycle of the bucket behind {@code target}. */
    BucketLifecycle lifecycle(Target target) throws Exception;

    /** Writes a lifecycle rule that Bulwark does not own, with the store's own client. */
    void putForeignLifecycleRule(String id, String prefix, int expirationDays) throws Exception;

    /** Stores an object of {@code target} directly in the cold storage class. */
    void putInColdClass(Target target, String key, byte[] content) throws Exception;

    /** The store's name for the cold class used by the tests (S3 STANDARD_IA, OSS IA). */
    String coldStorageClass();
  }

  protected Target target;

  /** A fresh target whose key space is empty. */
  protected abstract Target newTarget() throws Exception;

  /** Descriptions of what uncommitted writes left in the store (uploads, partial files). */
  protected abstract List<String> incompleteWrites(Target target) throws Exception;

  /**
   * A target whose store is down as {@code outage} says, configured with {@link #TEST_SECRET} as
   * its secret, or empty when that outage cannot happen to this kind of store.
   */
  protected abstract Optional<Target> unavailableTarget(Outage outage) throws Exception;

  /** What an error about the unavailable target must name: its bucket, or its directory. */
  protected abstract String locationName();

  /** The cloud-only fixture; empty for the local directory. */
  protected Optional<CloudFixture> cloud() {
    return Optional.empty();
  }

  @BeforeEach
  void openTarget() throws Exception {
    target = newTarget();
  }

  @AfterEach
  void closeTarget() throws Exception {
    target.close();
  }

  @Test
  void putThenGetReturnsTheSameBytes() throws Exception {
    byte[] content = bytes(10_000, 1);
    target.put("a/b/object.bin", content, Map.of());

    assertThat(read("a/b/object.bin")).isEqualTo(content);
    assertThat(target.read("a/b/object.bin", 10_000)).isEqualTo(content);
    assertThatThrownBy(() -> target.read("a/b/object.bin", 9_999)).isInstanceOf(IOException.class);
  }

  @Test
  void anEmptyObjectRoundTrips() throws Exception {
    target.put("empty", new byte[0], Map.of());

    assertThat(read("empty")).isEmpty();
    assertThat(target.head("empty")).map(ObjectInfo::size).contains(0L);
  }

  @Test
  void getOfAMissingKeyFailsWithObjectNotFound() {
    assertThatThrownBy(() -> target.get("no/such/key"))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining("no/such/key");
  }

  @Test
  void aSecondPutOfTheSameKeyFailsAndKeepsTheOriginal() throws Exception {
    byte[] original = bytes(2_000, 2);
    target.put("once", original, Map.of());

    assertThatThrownBy(() -> target.put("once", bytes(3_000, 3), Map.of()))
        .isInstanceOf(ObjectExistsException.class)
        .hasMessageContaining("once");
    assertThat(read("once")).isEqualTo(original);
  }

  @Test
  void aStreamingCreateOf40MibRoundTripsThroughMultipart() throws Exception {
    int size = 40 * MIB + 12_345;
    MessageDigest written = MessageDigest.getInstance("SHA-256");
    try (ObjectWriter writer = target.create("packs/big.tar.zst", Map.of("tier", "hot"))) {
      Random random = new Random(4);
      byte[] chunk = new byte[MIB + 7];
      int remaining = size;
      while (remaining > 0) {
        int n = Math.min(chunk.length, remaining);
        random.nextBytes(chunk);
        writer.write(chunk, 0, n);
        written.update(chunk, 0, n);
        remaining -= n;
      }
      assertThat(writer.position()).isEqualTo(size);
      assertThat(target.head("packs/big.tar.zst")).as("invisible before commit").isEmpty();
      writer.commit();
    }

    assertThat(target.head("packs/big.tar.zst")).map(ObjectInfo::size).contains((long) size);
    MessageDigest readBack = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(target.get("packs/big.tar.zst"), readBack)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    assertThat(readBack.digest()).isEqualTo(written.digest());
    assertThat(target.tags("packs/big.tar.zst")).containsEntry("tier", "hot");
    assertThat(incompleteWrites(target)).isEmpty();
  }

  @Test
  void aMultipartCreateOfAnExistingKeyFailsAndLeavesNoUpload() throws Exception {
    byte[] original = bytes(1_000, 5);
    target.put("packs/taken", original, Map.of());

    Throwable failure =
        catchThrowable(
            () -> {
              try (ObjectWriter writer = target.create("packs/taken", Map.of())) {
                writer.write(bytes(PART_SIZE + 1_000, 6));
                writer.commit();
              }
            });

    assertThat(failure).isInstanceOf(ObjectExistsException.class);
    assertThat(read("packs/taken")).isEqualTo(original);
    assertThat(incompleteWrites(target)).isEmpty();
  }

  @Test
  void aWriterThatLosesARaceAtCommitFailsAndKeepsTheWinner() throws Exception {
    byte[] winner = bytes(2_000, 24);
    ObjectWriter loser = target.create("packs/contended", Map.of());
    try {
      loser.write(bytes(PART_SIZE + 1_000, 25)); // its multipart upload is under way
      target.put("packs/contended", winner, Map.of());

      assertThatThrownBy(loser::commit).isInstanceOf(ObjectExistsException.class);
    } finally {
      loser.close();
    }
    assertWinnerKept("packs/contended", winner);
    assertThat(incompleteWrites(target)).isEmpty();
  }

  /** The object a lost race left is the winner's, byte for byte. */
  protected void assertWinnerKept(String key, byte[] winner) throws Exception {
    assertThat(read(key)).isEqualTo(winner);
  }

  @Test
  void closeWithoutCommitLeavesNothing() throws Exception {
    try (ObjectWriter writer = target.create("packs/abandoned", Map.of("tier", "hot"))) {
      writer.write(bytes(2 * PART_SIZE + 10, 7)); // two parts uploaded, a third buffered
    }

    assertThat(target.head("packs/abandoned")).isEmpty();
    assertThat(target.list("packs/", null, 10).objects()).isEmpty();
    assertThat(incompleteWrites(target)).isEmpty();
  }

  @Test
  void aFailureMidStreamLeavesNoObjectAndNoIncompleteUpload() throws Exception {
    InputStream source = new FailingInputStream(bytes(2 * PART_SIZE + 3 * MIB, 8), PART_SIZE + MIB);

    Throwable failure =
        catchThrowable(
            () -> {
              try (ObjectWriter writer = target.create("packs/broken", Map.of());
                  InputStream in = source) {
                in.transferTo(writer);
                writer.commit();
              }
            });

    assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("injected");
    assertThat(target.head("packs/broken")).isEmpty();
    assertThat(incompleteWrites(target)).isEmpty();
  }

  @Test
  void aWriterRefusesWritesAfterCommit() throws Exception {
    ObjectWriter writer = target.create("done", Map.of());
    writer.write(bytes(10, 9));
    writer.commit();

    assertThatThrownBy(() -> writer.write(1)).isInstanceOf(IOException.class);
    assertThatThrownBy(writer::commit).isInstanceOf(IOException.class);
    writer.close();
    assertThat(read("done")).hasSize(10);
  }

  @Test
  void rangedReadsReturnTheStartTheMiddleAndTheEnd() throws Exception {
    byte[] content = bytes(300_000, 10);
    target.put("ranged", content, Map.of());

    assertThat(range("ranged", 0, 100)).isEqualTo(slice(content, 0, 100));
    assertThat(range("ranged", 123_456, 7_777)).isEqualTo(slice(content, 123_456, 7_777));
    assertThat(range("ranged", content.length - 10, 10))
        .isEqualTo(slice(content, content.length - 10, 10));
    assertThat(range("ranged", 0, content.length)).isEqualTo(content);
  }

  @Test
  void rangedReadsOutsideTheObjectFail() throws Exception {
    target.put("ranged", bytes(1_000, 11), Map.of());

    assertThatThrownBy(() -> range("ranged", 995, 10))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ranged");
    assertThatThrownBy(() -> range("ranged", 5_000, 10)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> range("missing", 0, 10)).isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void listFiltersByPrefixAndPagesAfterAKey() throws Exception {
    for (String key : List.of("a/1", "a/2", "a/3", "ab/1", "b/1")) {
      target.put(key, bytes(5, key.hashCode()), Map.of());
    }

    assertThat(keys(target.list("a/", null, 10))).containsExactly("a/1", "a/2", "a/3");
    ObjectPage first = target.list("a/", null, 2);
    assertThat(keys(first)).containsExactly("a/1", "a/2");
    assertThat(first.truncated()).isTrue();
    ObjectPage second = target.list("a/", "a/2", 2);
    assertThat(keys(second)).containsExactly("a/3");
    assertThat(second.truncated()).isFalse();
    assertThat(keys(target.list("", null, 10))).containsExactly("a/1", "a/2", "a/3", "ab/1", "b/1");
    assertThat(target.list("a/", null, 10).objects().get(0).size()).isEqualTo(5);
    assertThat(target.list("nothing/", null, 10).objects()).isEmpty();
  }

  @Test
  void listPaginatesOverMoreThanAThousandKeysAndListAllSeesThemAllInOrder() throws Exception {
    int count = 1_100;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = String.format("many/k-%05d", i);
        puts.add(
            pool.submit(
                () -> {
                  target.put(key, new byte[] {1}, Map.of());
                  return null;
                }));
      }
      for (Future<?> put : puts) {
        put.get();
      }
    } finally {
      pool.shutdownNow();
    }
    target.put("other/x", new byte[] {2}, Map.of());

    ObjectPage first = target.list("many/", null, 1_000);
    assertThat(first.objects()).hasSize(1_000);
    assertThat(first.truncated()).isTrue();
    ObjectPage second = target.list("many/", first.objects().get(999).key(), 1_000);
    assertThat(second.objects()).hasSize(100);
    assertThat(second.truncated()).isFalse();
    assertThat(second.objects().get(99).key()).isEqualTo("many/k-01099");

    List<String> all = new ArrayList<>();
    Iterator<ObjectInfo> it = target.listAll("many/");
    it.forEachRemaining(info -> all.add(info.key()));
    assertThat(all).hasSize(count).isSorted().doesNotHaveDuplicates();
    assertThat(all.get(0)).isEqualTo("many/k-00000");
    List<String> everything = new ArrayList<>();
    target.listAll("").forEachRemaining(info -> everything.add(info.key()));
    assertThat(everything).hasSize(count + 1).endsWith("other/x");
  }

  @Test
  void deleteRemovesAnObjectAndAMissingKeyIsFine() throws Exception {
    target.put("gone", bytes(10, 12), Map.of("tier", "hot"));

    target.delete("gone");
    target.delete("gone");
    target.delete("never/was");

    assertThat(target.head("gone")).isEmpty();
    assertThatThrownBy(() -> target.get("gone")).isInstanceOf(ObjectNotFoundException.class);
    target.put("gone", bytes(10, 13), Map.of());
    assertThat(target.tags("gone")).isEmpty();
  }

  @Test
  void tagsAreSetOnPutReadBackAndReplaced() throws Exception {
    Map<String, String> tags =
        Map.of("tier", "hot", "expire_after_days", "180", "policy", "teaching-data", "job", "j-1");
    target.put("tagged", bytes(10, 14), tags);

    assertThat(target.tags("tagged")).isEqualTo(tags);
    target.setTags("tagged", Map.of("tier", "cold"));
    assertThat(target.tags("tagged")).isEqualTo(Map.of("tier", "cold"));
    target.setTags("tagged", Map.of());
    assertThat(target.tags("tagged")).isEmpty();
    assertThatThrownBy(() -> target.tags("untagged/missing"))
        .isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> target.setTags("untagged/missing", Map.of("tier", "hot")))
        .isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void replaceOverwritesAtomically() throws Exception {
    target.replace("state/latest.json", "{\"v\":1}".getBytes());
    target.replace("state/latest.json", "{\"v\":22}".getBytes());

    assertThat(new String(read("state/latest.json"))).isEqualTo("{\"v\":22}");
    assertThat(target.head("state/latest.json")).map(ObjectInfo::size).contains(8L);
    target.put("state/once", bytes(5, 15), Map.of());
    target.replace("state/once", bytes(7, 16));
    assertThat(read("state/once")).isEqualTo(bytes(7, 16));
  }

  @Test
  void headReportsSizeAndModificationTimeOrNothing() throws Exception {
    Instant before = Instant.now().minusSeconds(120);
    target.put("headed", bytes(4_321, 17), Map.of());

    ObjectInfo info = target.head("headed").orElseThrow();
    assertThat(info.key()).isEqualTo("headed");
    assertThat(info.size()).isEqualTo(4_321);
    assertThat(info.lastModified()).isAfter(before).isBefore(Instant.now().plusSeconds(120));
    assertThat(target.head("not/there")).isEmpty();
  }

  @Test
  void abortIncompleteWritesRemovesAbandonedUploadsUnderThePrefixOnly() throws Exception {
    ObjectWriter crashed = target.create("job-1/pack-a", Map.of());
    ObjectWriter other = target.create("job-2/pack-b", Map.of());
    try {
      crashed.write(bytes(PART_SIZE + 100, 18)); // a part is uploaded: an incomplete upload exists
      other.write(bytes(PART_SIZE + 100, 19));
      assertThat(incompleteWrites(target)).hasSize(2);

      target.abortIncompleteWrites("job-1/");

      List<String> left = incompleteWrites(target);
      assertThat(left).hasSize(1);
      assertThat(left.get(0)).contains("job-2/pack-b");
    } finally {
      crashed.close();
      other.close();
    }
    assertThat(incompleteWrites(target)).isEmpty();
    assertThat(target.head("job-1/pack-a")).isEmpty();
  }

  @Test
  void lifecycleRulesAreSetAndReadBackLeavingForeignRulesUntouched() throws Exception {
    CloudFixture fixture = cloudOnly();
    BucketLifecycle lifecycle = fixture.lifecycle(target);
    fixture.putForeignLifecycleRule("ops-logs-cleanup", "logs/", 7);
    List<LifecycleRule> foreignBefore =
        lifecycle.rules().stream().filter(r -> r.id().equals("ops-logs-cleanup")).toList();
    assertThat(foreignBefore).hasSize(1);

    LifecyclePolicy policy =
        LifecyclePolicy.hotTier("backups/prod/", 30, 180, fixture.coldStorageClass());
    lifecycle.reconcile(policy);
    lifecycle.reconcile(policy); // idempotent

    LifecycleRule ours = ownedRules(lifecycle).get(0);
    assertThat(ownedRules(lifecycle)).hasSize(1);
    assertThat(ours.keyPrefix()).endsWith("backups/prod/");
    // The rule lives under the target's own key prefix in the bucket.
    String bucketPrefix = ours.keyPrefix().substring(0, ours.keyPrefix().length() - 13);
    assertThat(ours).isEqualTo(policy.toRule(bucketPrefix));
    assertThat(ours.tags()).isEqualTo(Map.of("tier", "hot"));
    assertThat(ours.transitionDays()).hasValue(30);
    assertThat(ours.transitionStorageClass()).contains(fixture.coldStorageClass());
    assertThat(ours.expirationDays()).hasValue(180);
    assertThat(ours.enabled()).isTrue();

    LifecyclePolicy longer =
        LifecyclePolicy.hotTier("backups/prod/", 60, 365, fixture.coldStorageClass());
    lifecycle.reconcile(longer);
    lifecycle.reconcile(LifecyclePolicy.hotTier("backups/dev/", 7, 30, fixture.coldStorageClass()));

    List<LifecycleRule> owned = ownedRules(lifecycle);
    assertThat(owned).hasSize(2);
    assertThat(owned)
        .filteredOn(r -> r.keyPrefix().endsWith("backups/prod/"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.transitionDays()).hasValue(60);
              assertThat(r.expirationDays()).hasValue(365);
            });
    assertThat(lifecycle.rules().stream().filter(r -> r.id().equals("ops-logs-cleanup")).toList())
        .isEqualTo(foreignBefore);
  }

  @Test
  void tierRulesAreReconciledOnceAndASecondRunWritesNothing() throws Exception {
    CloudFixture fixture = cloudOnly();
    BucketLifecycle lifecycle = fixture.lifecycle(target);
    fixture.putForeignLifecycleRule("ops-logs-cleanup", "logs/", 7);
    LocalDate today = LocalDate.of(2026, 5, 1);
    TierRules rules = tierRules("teaching", 30, Optional.empty(), 180, 181, 188, 189);

    LifecyclePlan checked = lifecycle.reconcile(rules, today, false);
    assertThat(checked.rulesInPlace()).isFalse();
    assertThat(ownedRules(lifecycle)).as("a check writes nothing").isEmpty();

    LifecyclePlan first = lifecycle.reconcile(rules, today, true);
    assertThat(first.changes()).extracting(RuleChange::kind).containsOnly(RuleChange.Kind.CREATED);
    List<LifecycleRule> owned = ownedRules(lifecycle);
    assertThat(owned).hasSize(5);
    assertThat(owned)
        .filteredOn(r -> r.transitionDays().isPresent())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.keyPrefix()).endsWith("backups/prod/");
              assertThat(r.tags()).isEqualTo(Map.of("policy", "teaching", "tier", "hot"));
              assertThat(r.transitionDays()).hasValue(30);
              assertThat(r.transitionStorageClass()).contains(fixture.coldStorageClass());
              assertThat(r.expirationDays()).isEmpty();
            });
    assertThat(owned)
        .filteredOn(r -> r.expirationDays().isPresent())
        .allSatisfy(
            r ->
                assertThat(r.tags())
                    .containsEntry("policy", "teaching")
                    .containsEntry(
                        "expire_after_days", Integer.toString(r.expirationDays().getAsInt())))
        .extracting(r -> r.expirationDays().getAsInt())
        .containsExactlyInAnyOrder(180, 181, 188, 189);

    LifecyclePlan second = lifecycle.reconcile(rules, today, true);
    assertThat(second.changesBucket()).isFalse();
    assertThat(second.rulesInPlace()).isTrue();
    assertThat(second.changes())
        .hasSize(5)
        .extracting(RuleChange::kind)
        .containsOnly(RuleChange.Kind.UNCHANGED);
    assertThat(lifecycle.rules()).filteredOn(r -> r.id().equals("ops-logs-cleanup")).hasSize(1);
  }

  @Test
  void staleRulesAreRetiredUntilTheirObjectsExpiredThenRemovedLeavingOthersAlone()
      throws Exception {
    CloudFixture fixture = cloudOnly();
    BucketLifecycle lifecycle = fixture.lifecycle(target);
    fixture.putForeignLifecycleRule("bulwark-lookalike-by-hand", "backups/prod/", 3);
    LocalDate changed = LocalDate.of(2026, 5, 1);
    lifecycle.reconcile(tierRules("teaching", 30, Optional.empty(), 180, 189), changed, true);
    lifecycle.reconcile(tierRules("exams", 30, Optional.empty(), 180, 189), changed, true);
    List<LifecycleRule> othersBefore =
        lifecycle.rules().stream().filter(r -> !"teaching".equals(r.tags().get("policy"))).toList();

    // coldDays 180 -> 90 and a colder class: new expirations, the old ones retired, not dropped.
    TierRules shorter = tierRules("teaching", 14, Optional.of(fixture.coldStorageClass()), 90, 99);
    LifecyclePlan plan = lifecycle.reconcile(shorter, changed, true);
    assertThat(plan.changes())
        .extracting(c -> c.kind() + " " + c.ruleId().replaceFirst(".*\\[", "["))
        .containsExactlyInAnyOrder(
            "REPLACED [policy=teaching,tier=hot]",
            "CREATED [expire_after_days=90,policy=teaching]",
            "CREATED [expire_after_days=99,policy=teaching]",
            "RETIRED [expire_after_days=180,policy=teaching]",
            "RETIRED [expire_after_days=189,policy=teaching]");
    assertThat(ownedRules(lifecycle))
        .filteredOn(r -> "teaching".equals(r.tags().get("policy")))
        .extracting(LifecycleRule::id)
        .filteredOn(id -> id.contains("@retired-"))
        .allSatisfy(id -> assertThat(id).endsWith("@retired-2026-05-01"))
        .hasSize(2);
    assertThat(lifecycle.reconcile(shorter, changed.plusDays(30), true).changesBucket())
        .as("retired rules stay while objects written with them may exist")
        .isFalse();

    // 180 + 7 days after the change the 180-day objects are gone; the 189-day ones are not yet.
    LifecyclePlan later = lifecycle.reconcile(shorter, changed.plusDays(188), true);
    assertThat(later.changes())
        .filteredOn(c -> c.kind() == RuleChange.Kind.REMOVED)
        .singleElement()
        .satisfies(c -> assertThat(c.ruleId()).contains("expire_after_days=180"));
    lifecycle.reconcile(shorter, changed.plusDays(197), true);

    assertThat(ownedRules(lifecycle))
        .filteredOn(r -> "teaching".equals(r.tags().get("policy")))
        .extracting(LifecycleRule::expirationDays)
        .containsExactlyInAnyOrder(
            java.util.OptionalInt.empty(),
            java.util.OptionalInt.of(90),
            java.util.OptionalInt.of(99));
    assertThat(
            lifecycle.rules().stream()
                .filter(r -> !"teaching".equals(r.tags().get("policy")))
                .toList())
        .as("another policy's rules and foreign rules are untouched")
        .isEqualTo(othersBefore);
  }

  @Test
  void aRetiredValueInUseAgainGoesBackToItsOwnRule() throws Exception {
    CloudFixture fixture = cloudOnly();
    BucketLifecycle lifecycle = fixture.lifecycle(target);
    LocalDate day = LocalDate.of(2026, 5, 1);
    lifecycle.reconcile(tierRules("teaching", 30, Optional.empty(), 180), day, true);
    lifecycle.reconcile(tierRules("teaching", 30, Optional.empty(), 90), day, true);

    TierRules again = tierRules("teaching", 30, Optional.empty(), 180);
    LifecyclePlan back = lifecycle.reconcile(again, day.plusDays(3), true);

    assertThat(back.changes())
        .extracting(RuleChange::kind)
        .containsExactlyInAnyOrder(
            RuleChange.Kind.UNCHANGED, // the transition
            RuleChange.Kind.CREATED, // 180 again
            RuleChange.Kind.RETIRED, // 90
            RuleChange.Kind.REMOVED); // the retired copy of 180
    assertThat(ownedRules(lifecycle))
        .extracting(LifecycleRule::id)
        .filteredOn(id -> id.contains("@retired-"))
        .singleElement()
        .satisfies(id -> assertThat(id).contains("expire_after_days=90"));
  }

  @Test
  void reconcilingTheBucketLifecycleLeavesEveryObjectInPlace() throws Exception {
    // Under bulwark run a snapshot vanished from listings after the first lifecycle reconcile on
    // S3Mock 4.12.4; a real store never touches objects when its lifecycle configuration changes.
    CloudFixture fixture = cloudOnly();
    String key = "backups/prod/2026-11-28/20261128T020000Z-9f8e7d/backup_manifest.json";
    target.put(key, bytes(100, 26), Map.of("tier", "hot", "expire_after_days", "180"));

    fixture
        .lifecycle(target)
        .reconcile(LifecyclePolicy.hotTier("backups/prod/", 30, 180, fixture.coldStorageClass()));

    assertThat(target.list("backups/prod/", null, 10).objects())
        .extracting(ObjectInfo::key)
        .containsExactly(key);
    assertThat(target.read(key, 1000)).isEqualTo(bytes(100, 26));
  }

  @Test
  void theHotTierCheckReportsObjectsThatOverstayedTheHotWindow() throws Exception {
    CloudFixture fixture = cloudOnly();
    target.put("tiered/a-still-hot", bytes(10, 20), Map.of("tier", "hot", "job", "j-1"));
    target.put("tiered/b-lock", bytes(10, 21), Map.of()); // untagged: not governed by the rule
    fixture.putInColdClass(target, "tiered/c-moved", bytes(10, 22));
    StorageClassListing listing = (StorageClassListing) target;
    LifecyclePolicy policy =
        LifecyclePolicy.hotTier("tiered/", 30, 180, fixture.coldStorageClass());

    List<StoredObject> listed = new ArrayList<>();
    listing.listWithStorageClass("tiered/").forEachRemaining(listed::add);
    assertThat(listed)
        .extracting(StoredObject::key)
        .containsExactly("tiered/a-still-hot", "tiered/b-lock", "tiered/c-moved");
    assertThat(listed.get(2).storageClass()).isEqualToIgnoringCase(fixture.coldStorageClass());

    HotTierReport today =
        new HotTierCheck(target, listing, Clock.systemUTC()).check(policy, Duration.ofDays(2), 100);
    assertThat(today.lifecycleInEffect()).isTrue();
    assertThat(today.examined()).isEqualTo(3);

    Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(40)), ZoneOffset.UTC);
    HotTierReport report =
        new HotTierCheck(target, listing, later).check(policy, Duration.ofDays(2), 100);
    assertThat(report.lifecycleInEffect()).isFalse();
    assertThat(report.stillHot())
        .extracting(StoredObject::key)
        .containsExactly("tiered/a-still-hot");
  }

  @ParameterizedTest
  @EnumSource(Outage.class)
  void anUnavailableStoreFailsClearlyWithinBoundedTimeWithoutLeakingTheSecret(Outage outage)
      throws Exception {
    Optional<Target> down = unavailableTarget(outage);
    Assumptions.assumeTrue(
        down.isPresent(), "a " + outage + " outage does not apply to this store");
    Throwable putFailure;
    Throwable listFailure;
    String logs;
    long started = System.nanoTime();
    try (Target broken = down.get();
        LogCapture capture = LogCapture.start()) {
      putFailure = catchThrowable(() -> broken.put("backups/x", bytes(100, 23), Map.of()));
      listFailure = catchThrowable(() -> broken.list("backups/", null, 10));
      logs = capture.text();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).as("retries are bounded").isLessThan(Duration.ofSeconds(30));
    for (Throwable failure : List.of(putFailure, listFailure)) {
      assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining(locationName());
      assertThat(failure).isNotInstanceOf(ObjectNotFoundException.class);
      assertThat(chainText(failure)).doesNotContain(TEST_SECRET);
    }
    assertThat(logs).doesNotContain(TEST_SECRET);
  }

  @Test
  @Timeout(
      value = 120,
      threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang must not hold the build
  void aHungStoreFailsAnUploadLargerThanTheSocketBuffersInsteadOfBlocking() throws Exception {
    Optional<Target> hung = unavailableTarget(Outage.HUNG);
    Assumptions.assumeTrue(hung.isPresent(), "only remote stores hang");
    try (Target broken = hung.get()) {
      Throwable streamed =
          catchThrowable(
              () -> {
                try (ObjectWriter writer = broken.create("backups/big", Map.of())) {
                  writer.write(bytes(PART_SIZE * 2 + 1, 24));
                  writer.commit();
                }
              });
      Throwable whole =
          catchThrowable(() -> broken.put("backups/whole", bytes(PART_SIZE, 25), Map.of()));

      for (Throwable failure : List.of(streamed, whole)) {
        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining(locationName());
        assertThat(chainText(failure)).doesNotContain(TEST_SECRET);
      }
    }
  }

  // ---- helpers ----

  private static TierRules tierRules(
      String policy, int hotDays, Optional<String> coldClass, Integer... expirationDays) {
    return new TierRules(
        "backups/prod/", policy, hotDays, coldClass, new TreeSet<>(List.of(expirationDays)));
  }

  /** Skips the test for stores without buckets. */
  protected CloudFixture cloudOnly() {
    Optional<CloudFixture> fixture = cloud();
    Assumptions.assumeTrue(fixture.isPresent(), "only object stores have bucket lifecycle");
    return fixture.get();
  }

  private static List<LifecycleRule> ownedRules(BucketLifecycle lifecycle) throws IOException {
    return lifecycle.rules().stream()
        .filter(r -> r.ownedBy(LifecyclePolicy.DEFAULT_RULE_ID_PREFIX))
        .toList();
  }

  /** Every message of a throwable, its causes and suppressed exceptions. */
  protected static String chainText(Throwable failure) {
    StringBuilder text = new StringBuilder();
    java.io.StringWriter trace = new java.io.StringWriter();
    failure.printStackTrace(new java.io.PrintWriter(trace));
    text.append(trace);
    return text.toString();
  }

  protected byte[] read(String key) throws IOException {
    try (InputStream in = target.get(key)) {
      return in.readAllBytes();
    }
  }

  private byte[] range(String key, long offset, long length) throws IOException {
    try (InputStream in = target.getRange(key, offset, length)) {
      return in.readAllBytes();
    }
  }

  private static List<String> keys(ObjectPage page) {
    return page.objects().stream().map(ObjectInfo::key).toList();
  }

  private static byte[] slice(byte[] content, int offset, int length) {
    return java.util.Arrays.copyOfRange(content, offset, offset + length);
  }

  /** Deterministic pseudo-random content. */
  protected static byte[] bytes(int size, long seed) {
    byte[] content = new byte[size];
    new Random(seed).nextBytes(content);
    return content;
  }

  /** A source that fails after delivering {@code failAfter} bytes: a disk error mid-backup. */
  private static final class FailingInputStream extends InputStream {
    private final byte[] content;
    private final int failAfter;
    private int position;

    FailingInputStream(byte[] content, int failAfter) {
      this.content = content;
      this.failAfter = failAfter;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (position >= failAfter) {
        throw new IOException("injected read failure at byte " + position);
      }
      int n = Math.min(length, Math.min(failAfter, content.length) - position);
      System.arraycopy(content, position, buffer, offset, n);
      position += n;
      return n;
    }
  }
}
