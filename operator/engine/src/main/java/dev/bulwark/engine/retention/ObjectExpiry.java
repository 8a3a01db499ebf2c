package dev.bulwark.engine.retention;

import dev.bulwark.engine.format.SnapshotType;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The {@code expire_after_days} tag of each object a job writes, chosen so that bucket lifecycle
 * expiry (which counts days from each object's creation) never removes an object that a retained
 * snapshot needs (docs/format.md, "Retention and expiry"). With {@code N} the snapshot retention in
 * days and {@code L} the {@link CycleBound}:
 *
 * <ul>
 *   <li>an incremental's catalog entry: {@code N}; its manifest: {@code N + 1}, so the manifest
 *       outlives the entry that lists it (written seconds later);
 *   <li>a full's catalog entry: {@code N + L + 1}, past the retention of every incremental of its
 *       cycle (they finish by the full's start + L days + one day of grace);
 *   <li>a full's manifest and every pack: {@code N + L + 2}, one day past the full's entry.
 * </ul>
 *
 * @param retentionDays {@code N}: days a snapshot is retained after it finished
 * @param cycleDays {@code L}: the cycle bound in days
 */
public record ObjectExpiry(int retentionDays, int cycleDays) {
  /** The tag that bucket lifecycle rules match to expire an object. */
  public static final String TAG = "expire_after_days";

  private static final int GRACE_DAYS = (int) CycleBound.COMMIT_GRACE.toDays();

  public ObjectExpiry {
    if (retentionDays < 1) {
      throw new IllegalArgumentException(TAG + " must be at least 1 day, was " + retentionDays);
    }
    new CycleBound(cycleDays);
  }

  /**
   * The expiry set by the caller's object tags ({@code expire_after_days=N}), or null when the tags
   * set none (objects then never expire by lifecycle).
   *
   * @throws IllegalArgumentException when the tag is not a whole number of days
   */
  public static ObjectExpiry fromTags(Map<String, String> objectTags, CycleBound bound) {
    String value = objectTags.get(TAG);
    if (value == null) {
      return null;
    }
    int days;
    try {
      days = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "object tag " + TAG + " must be a whole number of days, was '" + value + "'");
    }
    return new ObjectExpiry(days, bound.maxDays());
  }

  /** Days a catalog entry of a snapshot of type {@code type} lives. */
  public int catalogEntryDays(SnapshotType type) {
    return type == SnapshotType.FULL ? cycleDataDays() - 1 : retentionDays;
  }

  /** Days the manifest of a snapshot of type {@code type} lives. */
  public int manifestDays(SnapshotType type) {
    return type == SnapshotType.FULL ? cycleDataDays() : retentionDays + 1;
  }

  /** Days a pack lives: any later snapshot of its cycle may reference it. */
  public int packDays() {
    return cycleDataDays();
  }

  /** Every value this expiry writes: a bucket needs one lifecycle expiration rule per value. */
  public SortedSet<Integer> lifecycleDays() {
    SortedSet<Integer> days = new TreeSet<>();
    for (SnapshotType type : SnapshotType.values()) {
      days.add(catalogEntryDays(type));
      days.add(manifestDays(type));
    }
    days.add(packDays());
    return Collections.unmodifiableSortedSet(days);
  }

  private int cycleDataDays() {
    return retentionDays + cycleDays + GRACE_DAYS + 1;
  }
}
