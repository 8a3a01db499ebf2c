package dev.bulwark.engine.backup;

import dev.bulwark.engine.format.EntryType;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.PackRef;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an incremental compares against: the newest snapshot's complete index, the cycle's full
 * entries (the base of the cumulative delta) and every content hash already stored in the cycle.
 * Built the same way whether its parts came from the repository's manifests or from the parent
 * cache, so both give the same backup.
 */
final class ParentState {
  final CachedFull full;
  final CachedNewest newest;
  final String parentJobId;
  final String fullJobId;
  final Map<String, FileEntry> current;
  final Map<String, FileEntry> fullEntries;
  final Map<String, String> packKeys;
  final Map<String, FileEntry> byHash = new HashMap<>();

  /** Where the parts came from, for the job's log: the cache, or the repository and why. */
  final String source;

  /** How long finding the newest snapshot and reading these parts took, for the job's log. */
  Duration readTime;

  /** Why the parts read from the repository could not be cached, or null. */
  String cacheProblem;

  ParentState(CachedFull full, CachedNewest newest, String source) {
    if (!newest.fullJobId().equals(full.jobId())) {
      throw new IllegalArgumentException(
          "snapshot " + newest.jobId() + " belongs to full " + newest.fullJobId());
    }
    this.full = full;
    this.newest = newest;
    this.source = source;
    this.parentJobId = newest.jobId();
    this.fullJobId = full.jobId();
    // The merge of SnapshotIndex: the full's entries, minus the newest's deletions, overridden by
    // its cumulative delta (empty when the newest is the full itself).
    Map<String, FileEntry> fullMap = new LinkedHashMap<>(full.files().size() * 2);
    Map<String, String> packs = new HashMap<>();
    for (PackRef ref : full.packs()) {
      packs.put(ref.id(), ref.key());
    }
    for (FileEntry e : full.files()) {
      fullMap.put(e.path(), e);
      remember(e);
    }
    Map<String, FileEntry> merged;
    if (newest.isFull()) {
      merged = fullMap;
    } else {
      merged = new LinkedHashMap<>(fullMap);
      for (PackRef ref : newest.packs()) {
        packs.put(ref.id(), ref.key());
      }
      for (String path : newest.deleted()) {
        merged.remove(path);
      }
      for (FileEntry e : newest.files()) {
        merged.put(e.path(), e);
      }
    }
    this.fullEntries = Collections.unmodifiableMap(fullMap);
    this.current = Collections.unmodifiableMap(merged);
    this.packKeys = Collections.unmodifiableMap(packs);
    for (FileEntry e : merged.values()) {
      remember(e);
    }
  }

  /** The full's entries in its manifest's order (the order of an incremental's deletions). */
  List<FileEntry> fullFiles() {
    return full.files();
  }

  private void remember(FileEntry e) {
    // Unstable files are deduplicated too: their hash matches the bytes that were stored.
    if (e.type() == EntryType.FILE && e.hasData() && e.sha256() != null) {
      byHash.putIfAbsent(e.sha256(), e);
    }
  }
}
