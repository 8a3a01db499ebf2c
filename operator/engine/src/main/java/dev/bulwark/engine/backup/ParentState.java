package dev.bulwark.engine.backup;

import dev.bulwark.engine.catalog.SnapshotIndex;
import dev.bulwark.engine.format.EntryType;
import dev.bulwark.engine.format.FileEntry;
import java.util.HashMap;
import java.util.Map;

/**
 * What an incremental compares against: the newest snapshot's complete index, the cycle's full
 * entries (the base of the cumulative delta) and every content hash already stored in the cycle.
 */
final class ParentState {
  final SnapshotIndex index;
  final String parentJobId;
  final String fullJobId;
  final Map<String, FileEntry> current;
  final Map<String, FileEntry> fullEntries;
  final Map<String, FileEntry> byHash = new HashMap<>();

  ParentState(SnapshotIndex index) {
    this.index = index;
    this.parentJobId = index.manifest().jobId();
    this.fullJobId = index.fullManifest().jobId();
    this.current = index.entriesByPath();
    Map<String, FileEntry> full = new HashMap<>();
    for (FileEntry e : index.fullManifest().files()) {
      full.put(e.path(), e);
      remember(e);
    }
    this.fullEntries = full;
    for (FileEntry e : index.entries()) {
      remember(e);
    }
  }

  private void remember(FileEntry e) {
    // Unstable files are deduplicated too: their hash matches the bytes that were stored.
    if (e.type() == EntryType.FILE && e.hasData() && e.sha256() != null) {
      byHash.putIfAbsent(e.sha256(), e);
    }
  }
}
