package dev.bulwark.engine.retention;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long snapshots are kept (R11): hot for {@code hotDays}, then cold until {@code coldDays}
 * after they finished, when they expire; the {@code keepLast} newest are kept whatever their age.
 *
 * @param hotDays days an object stays in the hot storage class (bucket lifecycle only)
 * @param coldDays days after its {@code finished_at} at which a snapshot expires
 * @param keepLast the newest snapshots always kept, whatever their age (0: none)
 */
public record RetentionPolicy(int hotDays, int coldDays, int keepLast) {
  /** The tag that marks an object's storage tier. */
  public static final String TIER_TAG = "tier";

  /** The tier every object is written in; bucket lifecycle moves it to cold after hotDays. */
  public static final String HOT = "hot";

  public RetentionPolicy {
    if (coldDays < 1) {
      throw new IllegalArgumentException("retention coldDays must be at least 1, was " + coldDays);
    }
    if (hotDays < 0 || hotDays > coldDays) {
      throw new IllegalArgumentException(
          "retention hotDays must be between 0 and coldDays (" + coldDays + "), was " + hotDays);
    }
    if (keepLast < 0) {
      throw new IllegalArgumentException("retention keepLast must be 0 or more, was " + keepLast);
    }
  }

  /** R11's defaults: hot 30 days, expire after 180, no keep-last. */
  public static RetentionPolicy defaults() {
    return new RetentionPolicy(30, 180, 0);
  }

  /** The age (from {@code finished_at}) past which a snapshot is expired. */
  public Duration maxAge() {
    return Duration.ofDays(coldDays);
  }

  /**
   * The tiering tags a caller gives {@code Repository.Builder.objectTags}: {@code tier=hot} and
   * {@code expire_after_days=<coldDays>}; the engine derives each object's own expiry from them.
   */
  public Map<String, String> objectTags() {
    Map<String, String> tags = new TreeMap<>();
    tags.put(TIER_TAG, HOT);
    tags.put(ObjectExpiry.TAG, Integer.toString(coldDays));
    return tags;
  }
}
