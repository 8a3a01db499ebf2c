package dev.bulwark.engine.catalog;

import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.SnapshotType;
import java.time.Instant;
import java.util.List;

/**
 * A committed snapshot as the catalog lists it: every field comes from the catalog key itself, so
 * listing thousands of snapshots reads no objects.
 */
public record SnapshotSummary(
    String jobId,
    SnapshotType type,
    Instant startedAt,
    Instant finishedAt,
    List<String> labels,
    String catalogKey,
    String manifestKey) {

  public SnapshotSummary {
    labels = List.copyOf(labels);
    JobId.check(jobId);
  }

  /** Whether the snapshot carries {@code label} (e.g. pre-upgrade). */
  public boolean hasLabel(String label) {
    return labels.contains(label);
  }
}
