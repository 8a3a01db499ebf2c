package dev.bulwark.engine.prune;

import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.PruneJournal;
import dev.bulwark.engine.target.ObjectInfo;
import java.util.List;
import java.util.Map;

/**
 * What one prune will do, decided before its first delete.
 *
 * @param removed expired snapshots nothing retained depends on, newest first (the deletion order,
 *     so an incremental always goes before its full)
 * @param kept every other listed snapshot with its reason, oldest first
 * @param unfinished snapshots an interrupted prune had unlisted but whose manifests may remain
 * @param deletable per cycle, objects no retained snapshot of the cycle references
 * @param deferred per cycle, objects that cannot be decided now (a manifest is unreadable)
 * @param warnings why anything was deferred or kept against the rules
 */
record PrunePlan(
    List<SnapshotSummary> removed,
    List<KeptSnapshot> kept,
    List<PruneJournal.Removal> unfinished,
    Map<String, List<ObjectInfo>> deletable,
    Map<String, List<String>> deferred,
    List<String> warnings) {

  /** Whether the plan deletes anything or has anything to remember. */
  boolean hasWork() {
    return !removed.isEmpty()
        || !unfinished.isEmpty()
        || !deletable.isEmpty()
        || !deferred.isEmpty();
  }
}
