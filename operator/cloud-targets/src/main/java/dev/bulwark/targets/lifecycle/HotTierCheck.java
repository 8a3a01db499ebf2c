package dev.bulwark.targets.lifecycle;

import dev.bulwark.engine.target.ObjectNotFoundException;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds objects that should have left the hot tier but did not ("lifecycle not in effect", R22).
 *
 * <p>The listing's storage class picks the candidates: objects older than {@code hotDays} plus a
 * grace period (stores apply lifecycle rules asynchronously, S3 and OSS within a day or two) that
 * are still in the hot class. Only candidates cost one more request each, reading their tags: an
 * object without the policy's tag filter (a lock, a latest pointer) is not governed by the rule and
 * is not reported.
 */
public final class HotTierCheck {
  private final Target target;
  private final StorageClassListing listing;
  private final Clock clock;

  /** A check of the objects of {@code target}, listed with storage classes by {@code listing}. */
  public HotTierCheck(Target target, StorageClassListing listing, Clock clock) {
    this.target = target;
    this.listing = listing;
    this.clock = clock;
  }

  /**
   * Examines the objects under the policy's key prefix and reports up to {@code maxReported} of
   * those still hot more than {@code hotDays + grace} after they were written.
   */
  public HotTierReport check(LifecyclePolicy policy, Duration grace, int maxReported)
      throws IOException {
    return check(policy.keyPrefix(), policy.tagFilter(), policy.hotDays(), grace, maxReported);
  }

  /**
   * Examines the objects under the key prefix of {@code rules} and reports up to {@code
   * maxReported} of the policy's hot-tier objects still hot more than {@code hotDays + grace} after
   * they were written.
   */
  public HotTierReport check(TierRules rules, Duration grace, int maxReported) throws IOException {
    return check(rules.keyPrefix(), rules.hotTierFilter(), rules.hotDays(), grace, maxReported);
  }

  private HotTierReport check(
      String keyPrefix, Map<String, String> tagFilter, int hotDays, Duration grace, int maxReported)
      throws IOException {
    if (maxReported <= 0) {
      throw new IllegalArgumentException("maxReported must be positive, was " + maxReported);
    }
    Instant cutoff = clock.instant().minus(Duration.ofDays(hotDays)).minus(grace);
    String hotClass = listing.hotStorageClass();
    List<StoredObject> stillHot = new ArrayList<>();
    int examined = 0;
    Iterator<StoredObject> objects = listing.listWithStorageClass(keyPrefix);
    while (objects.hasNext() && stillHot.size() < maxReported) {
      StoredObject object = objects.next();
      examined++;
      boolean hot =
          object.storageClass() == null || object.storageClass().equalsIgnoreCase(hotClass);
      if (hot && object.lastModified().isBefore(cutoff) && governedBy(tagFilter, object.key())) {
        stillHot.add(object);
      }
    }
    return new HotTierReport(examined, stillHot);
  }

  private boolean governedBy(Map<String, String> tagFilter, String key) throws IOException {
    Map<String, String> tags;
    try {
      tags = target.tags(key);
    } catch (ObjectNotFoundException e) {
      return false; // deleted since the listing: nothing to report
    }
    return tags.entrySet().containsAll(tagFilter.entrySet());
  }
}
