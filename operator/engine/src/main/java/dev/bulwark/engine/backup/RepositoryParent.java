package dev.bulwark.engine.backup;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.IntegrityException;
import dev.bulwark.engine.TargetAccessException;
import dev.bulwark.engine.catalog.CommittedSnapshot;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.FormatException;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.ObjectInfo;
import java.io.IOException;
import java.util.List;

/**
 * Reads the parent state of the newest snapshot from the repository: its manifest and, for an
 * incremental, its cycle's full, each verified against its catalog entry's SHA-256 (two manifest
 * reads at most, as {@link Repository#readIndex} does).
 */
final class RepositoryParent {
  private RepositoryParent() {}

  static ParentState read(Repository repo, SnapshotSummary newest, String source)
      throws EngineException {
    CommittedSnapshot committed = repo.readCommitted(newest);
    Manifest manifest = committed.manifest();
    long size = sizeOf(repo, newest.manifestKey());
    if (manifest.isFull()) {
      CachedFull full = full(committed, size);
      return new ParentState(full, CachedNewest.ofFull(full), source);
    }
    String fullId = manifest.parentFull();
    if (fullId == null) {
      throw new FormatException(newest.manifestKey(), "is incremental but names no parent_full");
    }
    SnapshotSummary fullSummary =
        repo.catalog()
            .find(fullId)
            .orElseThrow(
                () ->
                    new IntegrityException(
                        newest.manifestKey(),
                        "depends on full snapshot " + fullId + ", which is not in the catalog"));
    CommittedSnapshot fullCommitted = repo.readCommitted(fullSummary);
    if (!fullCommitted.manifest().isFull()) {
      throw new IntegrityException(
          fullSummary.manifestKey(), "is named as a full but is incremental");
    }
    CachedFull full = full(fullCommitted, sizeOf(repo, fullSummary.manifestKey()));
    CachedNewest delta =
        new CachedNewest(
            manifest.jobId(),
            manifest.snapshotType(),
            committed.catalogEntry().manifestSha256(),
            size,
            full.jobId(),
            full.manifestSha256(),
            orEmpty(manifest.packs()),
            manifest.files(),
            manifest.deleted() == null ? List.of() : manifest.deleted());
    return new ParentState(full, delta, source);
  }

  private static CachedFull full(CommittedSnapshot committed, long size) {
    Manifest m = committed.manifest();
    return new CachedFull(
        m.jobId(),
        committed.catalogEntry().manifestSha256(),
        size,
        m.startedAt(),
        m.encryption() == null ? null : m.encryption().keyId(),
        orEmpty(m.packs()),
        m.files());
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static long sizeOf(Repository repo, String key) throws EngineException {
    try {
      return repo.target()
          .head(key)
          .map(ObjectInfo::size)
          .orElseThrow(() -> new IntegrityException(key, "vanished while it was read"));
    } catch (IOException e) {
      throw new TargetAccessException(key, "reading the manifest's size", e);
    }
  }
}
