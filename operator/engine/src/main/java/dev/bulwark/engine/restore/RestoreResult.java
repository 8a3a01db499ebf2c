package dev.bulwark.engine.restore;

import dev.bulwark.engine.format.SnapshotType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a restore in which every selected entry was restored and verified (or, for a dry
 * run, verified).
 *
 * @param snapshotJobId the snapshot restored
 * @param snapshotType its type
 * @param snapshotFinishedAt when that snapshot finished (for measuring the recovery point)
 * @param destination where it was restored
 * @param files regular files restored
 * @param directories directories restored
 * @param symlinks symlinks restored
 * @param bytes bytes of file content restored
 * @param bytesRead bytes read from the target
 * @param dryRun whether nothing was written
 * @param startedAt when the restore started
 * @param finishedAt when it finished
 * @param warnings things restored imperfectly (e.g. setuid bits Java cannot set)
 */
public record RestoreResult(
    String snapshotJobId,
    SnapshotType snapshotType,
    Instant snapshotFinishedAt,
    Path destination,
    long files,
    long directories,
    long symlinks,
    long bytes,
    long bytesRead,
    boolean dryRun,
    Instant startedAt,
    Instant finishedAt,
    List<String> warnings) {

  public RestoreResult {
    warnings = List.copyOf(warnings);
  }

  /** Wall time of the restore (the measured RTO of a drill). */
  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }
}
