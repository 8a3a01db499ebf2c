package dev.bulwark.engine.format;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code state/{policy}/prune_pending.json}: what a prune is about to delete, written before its
 * first delete so that the next prune finishes the work of one that died (docs/format.md,
 * "Pruning"). It is advice, never authority: the next prune re-decides every snapshot from the
 * catalog and deletes a listed object only if no retained manifest references it then.
 *
 * @param formatVersion the format version
 * @param policy the policy pruned
 * @param pruneId the prune's job id (the id in its lock)
 * @param startedAt when the prune started
 * @param snapshots snapshots being removed
 * @param objects objects to delete once no retained snapshot of their cycle references them
 */
public record PruneJournal(
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("policy") String policy,
    @JsonProperty("prune_id") String pruneId,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("snapshots") List<Removal> snapshots,
    @JsonProperty("objects") List<CycleObjects> objects) {

  public PruneJournal {
    snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
    objects = objects == null ? List.of() : List.copyOf(objects);
  }

  /** A snapshot being removed: its catalog entry goes first, then its manifest. */
  public record Removal(
      @JsonProperty("job_id") String jobId,
      @JsonProperty("catalog_key") String catalogKey,
      @JsonProperty("manifest_key") String manifestKey) {}

  /**
   * Objects of one cycle (named by its full's job id) that no retained snapshot referenced when the
   * journal was written.
   */
  public record CycleObjects(
      @JsonProperty("cycle") String cycle, @JsonProperty("keys") List<String> keys) {
    public CycleObjects {
      keys = keys == null ? List.of() : List.copyOf(keys);
    }
  }
}
