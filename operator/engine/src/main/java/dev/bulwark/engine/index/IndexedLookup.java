package dev.bulwark.engine.index;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.IntegrityException;
import dev.bulwark.engine.catalog.SnapshotIndex;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.crypto.FrameCipher;
import dev.bulwark.engine.format.CatalogEntry;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.IndexRef;
import dev.bulwark.engine.repository.Repository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers an L1 restore of literal paths from the seekable indexes alone (docs/format.md, "Seekable
 * index"): the snapshot's catalog entry names its index; an incremental's index holds its
 * cumulative delta, so its cycle's full's index answers what the delta does not. At most two
 * indexes, each read as its table plus the blocks the paths fall in; no manifest is read.
 */
public final class IndexedLookup {
  private final Repository repo;
  private long bytesRead;

  public IndexedLookup(Repository repository) {
    this.repo = repository;
  }

  /** Index bytes read by the last {@link #select} (for tests and diagnostics). */
  public long bytesRead() {
    return bytesRead;
  }

  /**
   * The entries at and below each of {@code paths} (archive paths, no glob), with the directories
   * above them, as a partial {@link SnapshotIndex}; empty when the snapshot (or its full) was
   * written without an index, so the caller reads the manifests instead.
   */
  public Optional<SnapshotIndex> select(SnapshotSummary snapshot, List<String> paths)
      throws EngineException {
    bytesRead = 0;
    CatalogEntry entry = repo.readCatalogEntry(snapshot);
    IndexRef own = entry.index();
    if (!usable(own, snapshot.jobId())) {
      return Optional.empty();
    }
    SnapshotSummary full = null;
    IndexRef base = null;
    if (entry.snapshotType() != null && !isFull(entry)) {
      String fullId = entry.parentFull();
      if (fullId == null) {
        throw new IntegrityException(
            snapshot.catalogKey(), "is incremental but names no parent_full");
      }
      full =
          repo.catalog()
              .find(fullId)
              .orElseThrow(
                  () ->
                      new IntegrityException(
                          snapshot.manifestKey(),
                          "depends on full snapshot " + fullId + ", which is not in the catalog"));
      base = repo.readCatalogEntry(full).index();
      if (!usable(base, fullId)) {
        return Optional.empty();
      }
    }
    try (IndexReader ownReader = open(own, snapshot.jobId());
        IndexReader baseReader = base == null ? null : open(base, full.jobId())) {
      Map<String, FileEntry> selected = new LinkedHashMap<>();
      for (String path : paths) {
        for (String a = parentOf(path); !a.isEmpty(); a = parentOf(a)) {
          find(a, ownReader, baseReader).ifPresent(e -> selected.putIfAbsent(e.path(), e));
        }
        find(path, ownReader, baseReader).ifPresent(e -> selected.put(e.path(), e));
        Map<String, FileEntry> below = new LinkedHashMap<>();
        if (baseReader != null) {
          for (IndexReader.Row r : baseReader.below(path)) {
            below.put(r.path(), r.entry());
          }
        }
        for (IndexReader.Row r : ownReader.below(path)) {
          if (r.deleted()) {
            below.remove(r.path());
          } else {
            below.put(r.path(), r.entry());
          }
        }
        selected.putAll(below);
      }
      Map<String, String> packs = new HashMap<>();
      Map<String, String> writers = new LinkedHashMap<>();
      List<IndexReader> readers = new ArrayList<>();
      readers.add(ownReader);
      if (baseReader != null) {
        readers.add(baseReader);
      }
      for (IndexReader r : readers) {
        r.packKeys().forEach(packs::putIfAbsent);
        writers.put(r.table().jobId(), r.table().bulwark());
        bytesRead += r.bytesRead();
      }
      return Optional.of(new SnapshotIndex(snapshot, selected, packs, writers));
    }
  }

  /** An index this reader can use: the job's own, of a version it knows (else: the manifests). */
  private static boolean usable(IndexRef ref, String jobId) {
    return ref != null && ref.belongsTo(jobId) && ref.version() == IndexRef.CURRENT;
  }

  private static boolean isFull(CatalogEntry entry) {
    return entry.snapshotType() == dev.bulwark.engine.format.SnapshotType.FULL;
  }

  /**
   * The entry at {@code path} in the snapshot's view: the delta's, unless deleted, else the full's.
   */
  private static Optional<FileEntry> find(String path, IndexReader own, IndexReader base)
      throws EngineException {
    Optional<IndexReader.Row> row = own.lookup(path);
    if (row.isPresent()) {
      return Optional.ofNullable(row.get().entry());
    }
    if (base == null) {
      return Optional.empty();
    }
    return base.lookup(path).map(IndexReader.Row::entry);
  }

  private IndexReader open(IndexRef ref, String jobId) throws EngineException {
    FrameCipher cipher = null;
    if (ref.keyId() != null) {
      repo.checkKeyId(jobId, ref.keyId(), ref.key());
      cipher = new FrameCipher(repo.encryptionKey().orElseThrow());
    }
    return IndexReader.open(repo.target(), ref, jobId, cipher);
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
