package dev.bulwark.engine.backup;

import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.retention.ObjectExpiry;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * The tags of each object one job writes: the repository's tags (tier, expiry) plus {@code policy}
 * and {@code job}, with {@code expire_after_days} set per object by {@link ObjectExpiry} so that a
 * full and the packs of a cycle outlive the snapshots that depend on them.
 */
final class JobTags {
  static final String POLICY = "policy";
  static final String JOB = "job";

  private final Map<String, String> base;
  private final ObjectExpiry expiry;

  JobTags(Repository repo, String jobId) {
    Map<String, String> tags = new TreeMap<>(repo.objectTags());
    tags.put(POLICY, repo.layout().policy());
    tags.put(JOB, jobId);
    this.base = tags;
    this.expiry = repo.objectExpiry().orElse(null);
  }

  /** Tags of a pack. */
  Map<String, String> pack() {
    return with(e -> e.packDays());
  }

  /** Tags of the manifest of a snapshot of type {@code type}. */
  Map<String, String> manifest(SnapshotType type) {
    return with(e -> e.manifestDays(type));
  }

  /** Tags of the catalog entry of a snapshot of type {@code type}. */
  Map<String, String> catalogEntry(SnapshotType type) {
    return with(e -> e.catalogEntryDays(type));
  }

  private Map<String, String> with(ToIntFunction<ObjectExpiry> days) {
    if (expiry == null) {
      return Collections.unmodifiableMap(base);
    }
    Map<String, String> tags = new TreeMap<>(base);
    tags.put(ObjectExpiry.TAG, Integer.toString(days.applyAsInt(expiry)));
    return Collections.unmodifiableMap(tags);
  }
}
