package dev.bulwark.engine.backup;

import dev.bulwark.engine.format.EntryType;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.pack.PackWriter;
import java.util.concurrent.CompletableFuture;

/**
 * One scanned entry on its way into the manifest. Entries that need no reading are complete at once
 * ({@link #ready}); the others are filled in by a worker ({@link #template}, everything but the
 * location), and their location completes when the frame holding them is written. The scan record
 * is dropped as soon as it is no longer needed, so a large tree costs one manifest entry per file
 * in memory. Fields are published to the committing thread by the workers' termination.
 */
final class PendingEntry {
  /** Whether a worker must put a tar entry for it in a pack (content, or dir/symlink header). */
  final boolean needsPacking;

  final FileEntry ready;
  ScannedEntry scanned;
  FileEntry template;
  boolean skipped;
  CompletableFuture<PackWriter.Location> location;

  PendingEntry(ScannedEntry scanned, FileEntry ready, boolean needsPacking) {
    this.scanned = ready == null ? scanned : null;
    this.ready = ready;
    this.needsPacking = needsPacking;
  }

  boolean needsContent() {
    return ready == null;
  }

  /** Records what was read: the manifest entry but for its location. */
  void read(FileStat stat, long size, String sha256, boolean unstable, String schemaVersion) {
    ScannedEntry s = scanned;
    template =
        new FileEntry(
            s.archivePath(),
            EntryType.FILE,
            size,
            FileEntry.formatMode(stat.mode()),
            stat.mtimeText(),
            stat.inode(),
            sha256,
            null,
            s.source().domain(),
            s.source().priority(),
            null,
            null,
            null,
            null,
            unstable ? Boolean.TRUE : null,
            schemaVersion);
    scanned = null;
  }

  /** The manifest entry; only call after every worker finished. */
  FileEntry toFileEntry() {
    if (ready != null) {
      return ready;
    }
    if (template == null) {
      // A dry run reads nothing: the entry is described by its lstat alone.
      FileStat stat = scanned.stat();
      return new FileEntry(
          scanned.archivePath(),
          EntryType.FILE,
          stat.size(),
          FileEntry.formatMode(stat.mode()),
          stat.mtimeText(),
          stat.inode(),
          null,
          null,
          scanned.source().domain(),
          scanned.source().priority(),
          null,
          null,
          null,
          null,
          null);
    }
    PackWriter.Location loc = location.join();
    return template.withLocation(loc.packId(), loc.offset(), loc.length(), loc.skip());
  }
}
