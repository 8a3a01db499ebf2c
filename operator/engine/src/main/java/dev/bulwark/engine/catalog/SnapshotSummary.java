package dev.bulwark.engine.catalog;

import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.SnapshotType;
import java.time.Instant;
import java.util.Comparator;
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

  /**
   * The order of snapshots, oldest first: by commit time ({@code finished_at}, stored in the
   * catalog key), then by job id. Job ids alone do not order jobs that start in the same second
   * (their suffix is random); jobs of a policy hold its lock in turn, so commit times do. Listing,
   * "newest", "as of", parents and samples all use this order.
   */
  public static final Comparator<SnapshotSummary> COMMIT_ORDER =
      Comparator.comparing(SnapshotSummary::finishedAt).thenComparing(SnapshotSummary::jobId);

  public SnapshotSummary {
    labels = List.copyOf(labels);
    JobId.check(jobId);
  }

  /** Whether the snapshot carries {@code label} (e.g. pre-upgrade). */
  public boolean hasLabel(String label) {
    return labels.contains(label);
  }
}
