package dev.bulwark.targets.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.engine.target.LocalTarget;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotTierCheckTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final LifecyclePolicy POLICY = LifecyclePolicy.hotTier("b/", 30, 180, "IA");

  @TempDir Path root;
  private LocalTarget target;
  private final TestingListing listing = new TestingListing();

  @BeforeEach
  void open() throws Exception {
    target = new LocalTarget(root);
  }

  @Test
  void objectsWithinTheHotWindowAndItsGraceAreFine() throws Exception {
    listing.add(hot("b/fresh", 10), Map.of("tier", "hot"));
    listing.add(hot("b/in-grace", 31), Map.of("tier", "hot"));

    HotTierReport report = check(Duration.ofDays(2), 10);

    assertThat(report.lifecycleInEffect()).isTrue();
    assertThat(report.examined()).isEqualTo(2);
  }

  @Test
  void taggedObjectsStillHotPastTheWindowAreReported() throws Exception {
    listing.add(hot("b/overdue", 40), Map.of("tier", "hot", "job", "j"));
    listing.add(
        new StoredObject("b/moved", 1, NOW.minus(Duration.ofDays(40)), "IA"),
        Map.of("tier", "hot"));
    listing.add(hot("b/lock", 40), Map.of());
    listing.add(
        new StoredObject("b/unknown-class", 1, NOW.minus(Duration.ofDays(40)), null),
        Map.of("tier", "hot"));

    HotTierReport report = check(Duration.ofDays(2), 10);

    assertThat(report.stillHot())
        .extracting(StoredObject::key)
        .containsExactly("b/overdue", "b/unknown-class");
    assertThat(report.lifecycleInEffect()).isFalse();
  }

  @Test
  void theReportStopsAtTheRequestedNumber() throws Exception {
    for (int i = 0; i < 5; i++) {
      listing.add(hot("b/old-" + i, 100), Map.of("tier", "hot"));
    }

    HotTierReport report = check(Duration.ZERO, 2);

    assertThat(report.stillHot()).hasSize(2);
    assertThat(report.examined()).isEqualTo(2);
  }

  @Test
  void anObjectDeletedSinceTheListingIsSkipped() throws Exception {
    listing.add(hot("b/gone", 100), Map.of("tier", "hot"));
    target.delete("b/gone");

    assertThat(check(Duration.ZERO, 10).lifecycleInEffect()).isTrue();
  }

  private HotTierReport check(Duration grace, int max) throws Exception {
    return new HotTierCheck(target, listing, Clock.fixed(NOW, ZoneOffset.UTC))
        .check(POLICY, grace, max);
  }

  private static StoredObject hot(String key, int ageDays) {
    return new StoredObject(key, 1, NOW.minus(Duration.ofDays(ageDays)), "Standard");
  }

  /** A listing whose storage classes and times the test sets; tags live in the local target. */
  private final class TestingListing implements StorageClassListing {
    private final List<StoredObject> objects = new ArrayList<>();

    void add(StoredObject object, Map<String, String> tags) throws Exception {
      target.put(object.key(), new byte[] {1}, tags);
      objects.add(object);
    }

    @Override
    public String hotStorageClass() {
      return "Standard";
    }

    @Override
    public Iterator<StoredObject> listWithStorageClass(String prefix) {
      return objects.stream().filter(o -> o.key().startsWith(prefix)).iterator();
    }
  }
}
