package dev.bulwark.engine.backup;

import dev.bulwark.engine.format.SnapshotType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a successful (or dry) backup.
 *
 * @param jobId the job id, printed for tickets (e.g. the pre-upgrade snapshot)
 * @param snapshotType the type actually taken (an incremental with no parent runs full)
 * @param parentFullJobId the cycle's full snapshot for an incremental
 * @param parentJobId the snapshot this one was compared against
 * @param startedAt when the job started
 * @param finishedAt when the manifest was committed
 * @param files regular files in the snapshot
 * @param directories directories in the snapshot
 * @param symlinks symlinks in the snapshot
 * @param bytes total size of the snapshot's files
 * @param filesRead files whose content was read (new or changed)
 * @param bytesRead bytes of content read
 * @param bytesUploaded bytes written to the target (packs and manifest)
 * @param packsWritten packs written
 * @param manifestKey the manifest's key (null for a dry run)
 * @param dryRun whether nothing was written
 * @param plannedFiles for a dry run: archive paths that would be read and packed
 * @param unstableFiles files that kept changing while read (stored as one consistent read)
 * @param warnings files skipped or stored unstable, with the reason
 * @param throttleWaited time upload threads waited for the bandwidth limit or an upload slot,
 *     summed over threads (zero when no limit is set)
 * @param domains regular files and bytes per data domain of the whole snapshot (for an incremental
 *     too: unchanged files count, though its manifest lists only the changes), for dashboards
 * @param parentSource for an incremental, where its parent's index came from: {@code parent cache},
 *     or {@code repository (<why the cache was not used>)}; null for a full
 * @param parentReadTime for an incremental, how long finding and reading its parent's index took
 *     (without writing the cache); null for a full
 */
public record BackupResult(
    String jobId,
    SnapshotType snapshotType,
    String parentFullJobId,
    String parentJobId,
    Instant startedAt,
    Instant finishedAt,
    long files,
    long directories,
    long symlinks,
    long bytes,
    long filesRead,
    long bytesRead,
    long bytesUploaded,
    int packsWritten,
    String manifestKey,
    boolean dryRun,
    List<String> plannedFiles,
    long unstableFiles,
    List<String> warnings,
    Duration throttleWaited,
    Map<String, DomainTotals> domains,
    String parentSource,
    Duration parentReadTime) {

  /** Regular files and their bytes in one data domain of a snapshot. */
  public record DomainTotals(long files, long bytes) {}

  public BackupResult {
    domains = Map.copyOf(domains == null ? Map.of() : domains);
    plannedFiles = List.copyOf(plannedFiles);
    warnings = List.copyOf(warnings);
    throttleWaited = throttleWaited == null ? Duration.ZERO : throttleWaited;
  }

  /** Wall time of the job. */
  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }

  public Optional<String> parentFull() {
    return Optional.ofNullable(parentFullJobId);
  }
}
