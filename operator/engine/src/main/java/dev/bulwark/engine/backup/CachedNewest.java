package dev.bulwark.engine.backup;

import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.PackRef;
import dev.bulwark.engine.format.SnapshotType;
import java.util.List;

/**
 * The repository's newest snapshot as the parent cache keeps it: its identity and, for an
 * incremental, its cumulative delta against its cycle's full.
 *
 * @param jobId the snapshot's job id
 * @param type full or incremental
 * @param manifestSha256 hex SHA-256 of its manifest, as its catalog entry records it
 * @param manifestSize bytes of its manifest
 * @param fullJobId its cycle's full (its own id for a full)
 * @param fullManifestSha256 hex SHA-256 of that full's manifest
 * @param packs its own {@code packs} table (empty for a full: the full's part holds it)
 * @param files its own {@code files} (empty for a full)
 * @param deleted its {@code deleted} (empty for a full)
 */
record CachedNewest(
    String jobId,
    SnapshotType type,
    String manifestSha256,
    long manifestSize,
    String fullJobId,
    String fullManifestSha256,
    List<PackRef> packs,
    List<FileEntry> files,
    List<String> deleted) {

  CachedNewest {
    packs = List.copyOf(packs);
    files = List.copyOf(files);
    deleted = List.copyOf(deleted);
  }

  /** The newest part of a full snapshot, whose entries live in its {@link CachedFull}. */
  static CachedNewest ofFull(CachedFull full) {
    return new CachedNewest(
        full.jobId(),
        SnapshotType.FULL,
        full.manifestSha256(),
        full.manifestSize(),
        full.jobId(),
        full.manifestSha256(),
        List.of(),
        List.of(),
        List.of());
  }

  boolean isFull() {
    return type == SnapshotType.FULL;
  }
}
