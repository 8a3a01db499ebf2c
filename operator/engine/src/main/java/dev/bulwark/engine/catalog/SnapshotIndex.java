package dev.bulwark.engine.catalog;

import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.PackRef;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The complete file index of one snapshot: its cycle's full manifest with the snapshot's cumulative
 * delta applied (or the full manifest alone for a full snapshot).
 */
public final class SnapshotIndex {
  private final SnapshotSummary snapshot;
  private final Manifest manifest;
  private final Manifest full;
  private final Map<String, FileEntry> entries;
  private final Map<String, String> packKeys;
  private final Map<String, String> writers;

  /** The index of {@code snapshot}: {@code full} with {@code manifest} applied when they differ. */
  public SnapshotIndex(SnapshotSummary snapshot, Manifest manifest, Manifest full) {
    this.snapshot = snapshot;
    this.manifest = manifest;
    this.full = full;
    Map<String, FileEntry> merged = new LinkedHashMap<>();
    Map<String, String> packs = new HashMap<>();
    for (PackRef ref : full.packs()) {
      packs.put(ref.id(), ref.key());
    }
    for (FileEntry entry : full.files()) {
      merged.put(entry.path(), entry);
    }
    if (manifest != full) {
      for (PackRef ref : manifest.packs()) {
        packs.put(ref.id(), ref.key());
      }
      if (manifest.deleted() != null) {
        for (String path : manifest.deleted()) {
          merged.remove(path);
        }
      }
      for (FileEntry entry : manifest.files()) {
        merged.put(entry.path(), entry);
      }
    }
    this.entries = Collections.unmodifiableMap(merged);
    this.packKeys = Collections.unmodifiableMap(packs);
    Map<String, String> versions = new LinkedHashMap<>();
    for (Manifest m : List.of(manifest, full)) {
      versions.put(m.jobId(), m.toolVersions() == null ? null : m.toolVersions().get("bulwark"));
    }
    this.writers = Collections.unmodifiableMap(versions);
  }

  /**
   * A partial view of {@code snapshot} read from its seekable index: only the entries a lookup
   * selected (with their ancestor directories), the packs they name, and the bulwark version that
   * wrote each index read. {@link #manifest()} and {@link #fullManifest()} are null.
   */
  public SnapshotIndex(
      SnapshotSummary snapshot,
      Map<String, FileEntry> entries,
      Map<String, String> packKeys,
      Map<String, String> writerVersions) {
    this.snapshot = snapshot;
    this.manifest = null;
    this.full = null;
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    this.packKeys = Collections.unmodifiableMap(new HashMap<>(packKeys));
    this.writers = Collections.unmodifiableMap(new LinkedHashMap<>(writerVersions));
  }

  /** Whether this is a partial view read from the seekable index (no manifests were read). */
  public boolean partial() {
    return manifest == null;
  }

  /**
   * Job id to the version of bulwark that wrote the snapshot's manifests (or indexes), to refuse
   * snapshots written by a newer major version.
   */
  public Map<String, String> writerVersions() {
    return writers;
  }

  /** The snapshot this index describes. */
  public SnapshotSummary snapshot() {
    return snapshot;
  }

  /** The snapshot's own manifest (null for a {@link #partial()} view). */
  public Manifest manifest() {
    return manifest;
  }

  /**
   * The manifest of the cycle's full snapshot (the same object for a full snapshot; null for a
   * {@link #partial()} view).
   */
  public Manifest fullManifest() {
    return full;
  }

  /** Every entry of the snapshot, in manifest order. */
  public Collection<FileEntry> entries() {
    return entries.values();
  }

  /** Entries by archive path. */
  public Map<String, FileEntry> entriesByPath() {
    return entries;
  }

  /** The entry at {@code path}. */
  public Optional<FileEntry> entry(String path) {
    return Optional.ofNullable(entries.get(path));
  }

  /** The key of pack {@code packId}, or empty when no manifest of the snapshot names it. */
  public Optional<String> packKey(String packId) {
    return Optional.ofNullable(packKeys.get(packId));
  }

  /** Pack ids and keys of every pack the snapshot's files live in. */
  public Map<String, String> packKeys() {
    return packKeys;
  }
}
