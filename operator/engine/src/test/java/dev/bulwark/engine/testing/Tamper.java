package dev.bulwark.engine.testing;

import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.CatalogEntry;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.Json;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.Sha256;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Changes a repository behind the engine's back, as corruption or an attacker would. */
public final class Tamper {
  private Tamper() {}

  /** Flips one bit of the byte at {@code offset} of a file. */
  public static void flipByte(Path file, long offset) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x01);
    }
  }

  /**
   * Rewrites a snapshot's file list and its catalog entry consistently (a crafted manifest that
   * passes the SHA-256 check, as an attacker with write access would make it).
   */
  public static void rewriteFiles(
      Repository repo, LocalTarget target, SnapshotSummary s, UnaryOperator<List<FileEntry>> edit)
      throws Exception {
    Manifest m = repo.readManifest(s);
    Manifest crafted =
        new Manifest(
            m.formatVersion(),
            m.jobId(),
            m.policy(),
            m.env(),
            m.targetProvider(),
            m.snapshotType(),
            m.parentFull(),
            m.parent(),
            m.startedAt(),
            m.finishedAt(),
            m.labels(),
            m.schemaVersions(),
            m.restoreEntrypoint(),
            m.toolVersions(),
            m.compression(),
            m.encryption(),
            m.sources(),
            m.stats(),
            m.objectList(),
            m.packs(),
            m.deleted(),
            edit.apply(m.files()));
    byte[] bytes = Json.write(crafted);
    target.delete(s.manifestKey());
    target.put(s.manifestKey(), bytes, Map.of());
    CatalogEntry e = repo.readCatalogEntry(s);
    CatalogEntry forged =
        new CatalogEntry(
            e.formatVersion(),
            e.jobId(),
            e.policy(),
            e.snapshotType(),
            e.parentFull(),
            e.startedAt(),
            e.finishedAt(),
            e.labels(),
            e.manifestKey(),
            Sha256.hex(bytes),
            e.files(),
            e.bytes());
    target.delete(s.catalogKey());
    target.put(s.catalogKey(), Json.write(forged), Map.of());
  }

  /** An entry with a different path. */
  public static FileEntry withPath(FileEntry e, String path) {
    return new FileEntry(
        path,
        e.type(),
        e.size(),
        e.mode(),
        e.mtime(),
        e.inode(),
        e.sha256(),
        e.link(),
        e.domain(),
        e.priority(),
        e.pack(),
        e.offset(),
        e.length(),
        e.skip(),
        e.unstable());
  }

  /** An entry marked unstable, as a backup marks a file that kept changing while it was read. */
  public static FileEntry withUnstable(FileEntry e) {
    return new FileEntry(
        e.path(),
        e.type(),
        e.size(),
        e.mode(),
        e.mtime(),
        e.inode(),
        e.sha256(),
        e.link(),
        e.domain(),
        e.priority(),
        e.pack(),
        e.offset(),
        e.length(),
        e.skip(),
        true);
  }

  /** An entry with a different symlink target. */
  public static FileEntry withLink(FileEntry e, String link) {
    return new FileEntry(
        e.path(),
        e.type(),
        e.size(),
        e.mode(),
        e.mtime(),
        e.inode(),
        e.sha256(),
        link,
        e.domain(),
        e.priority(),
        e.pack(),
        e.offset(),
        e.length(),
        e.skip(),
        e.unstable());
  }
}
