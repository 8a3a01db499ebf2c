package dev.bulwark.engine.prune;

import dev.bulwark.engine.catalog.SnapshotSummary;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a prune (or of a dry run: what it would do).
 *
 * @param pruneId the prune's job id (named in its lock and journal)
 * @param dryRun whether nothing was deleted
 * @param evaluatedAt the "now" retention was evaluated at
 * @param removed snapshots removed (catalog entry and manifest), oldest first
 * @param kept snapshots kept, oldest first, each with its reason
 * @param objectsDeleted packs and leftovers deleted because no retained snapshot references them
 * @param bytesFreed total size of {@code objectsDeleted}
 * @param warnings what could not be decided and was kept for a later prune, with the reason
 */
public record PruneResult(
    String pruneId,
    boolean dryRun,
    Instant evaluatedAt,
    List<SnapshotSummary> removed,
    List<KeptSnapshot> kept,
    List<String> objectsDeleted,
    long bytesFreed,
    List<String> warnings) {

  public PruneResult {
    removed = List.copyOf(removed);
    kept = List.copyOf(kept);
    objectsDeleted = List.copyOf(objectsDeleted);
    warnings = List.copyOf(warnings);
  }
}
