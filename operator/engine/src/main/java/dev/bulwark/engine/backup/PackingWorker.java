package dev.bulwark.engine.backup;

import dev.bulwark.engine.format.EntryType;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.PackObject;
import dev.bulwark.engine.format.SchemaVersions;
import dev.bulwark.engine.format.Sha256;
import dev.bulwark.engine.pack.FrameEncoder;
import dev.bulwark.engine.pack.PackWriter;
import dev.bulwark.engine.pack.TarHeaders;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One worker thread of a backup: takes work units, reads each file once (twice for a changed large
 * file of an incremental: hash first, so known content is never uploaded), hashes, deduplicates and
 * packs it into this worker's own packs. Nothing is shared with other workers but the queue and the
 * map of content claimed by this job.
 */
final class PackingWorker implements Runnable {
  private static final int ATTEMPTS = 3;
  private static final Set<OpenOption> READ_NOFOLLOW =
      Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private final BackupRun run;
  private final MessageDigest digest = Sha256.newDigest();
  private final byte[] small = new byte[PackWriter.SMALL_FILE_MAX + 1];
  private final byte[] frame = new byte[PackWriter.CHUNK + 64 * 1024];
  private final Map<String, PackWriter> packs = new HashMap<>();
  private FrameEncoder encoder;

  PackingWorker(BackupRun run) {
    this.run = run;
  }

  /**
   * Packs units until there are no more or the job failed, then commits this worker's packs. Any
   * failure is handed to the run and ends this worker at once (its open packs are aborted): the run
   * never waits on a worker for anything but its end.
   */
  @Override
  public void run() {
    try (FrameEncoder enc = new FrameEncoder(run.compressionLevel(), run.newCipher())) {
      this.encoder = enc;
      WorkUnit unit;
      while ((unit = run.takeUnit()) != null) {
        process(unit);
      }
      if (!run.failed()) {
        Iterator<PackWriter> open = packs.values().iterator();
        while (open.hasNext() && !run.failed()) {
          finish(open.next());
          open.remove();
        }
      }
    } catch (Throwable t) {
      run.fail(t);
    } finally {
      for (PackWriter writer : packs.values()) {
        try {
          writer.abort();
        } catch (RuntimeException e) {
          // The upload is left for the next job's cleanup; the job already failed.
        }
      }
      packs.clear();
      run.workerEnded();
    }
  }

  private void process(WorkUnit unit) throws IOException {
    for (PendingEntry entry : unit.entries()) {
      if (run.failed()) {
        return;
      }
      PackWriter writer = packFor(unit.domain());
      long before = writer.position();
      if (entry.needsContent()) {
        packFile(entry, writer);
      } else {
        packHeaderOnly(entry, writer);
      }
      run.progress().transferred(writer.position() - before);
      if (writer.position() >= run.packSize()) {
        finish(writer);
        packs.remove(unit.domain());
      }
    }
  }

  private PackWriter packFor(String domain) throws IOException {
    PackWriter writer = packs.get(domain);
    if (writer == null) {
      writer = run.openPack(domain, encoder);
      packs.put(domain, writer);
    }
    return writer;
  }

  private void finish(PackWriter writer) throws IOException {
    long before = writer.position();
    PackObject object = writer.finish();
    run.progress().transferred(object.size() - before);
    run.packWritten(object);
  }

  private void packHeaderOnly(PendingEntry entry, PackWriter writer) throws IOException {
    FileEntry e = entry.ready;
    byte[] header =
        TarHeaders.header(
            e.path(), e.type(), 0, e.modeBits(), e.mtimeInstant().getEpochSecond(), e.link());
    writer.addSmall(header, null, 0, null, true);
    run.progress().advance(1, 0);
  }

  private void packFile(PendingEntry entry, PackWriter writer) throws IOException {
    Path path = entry.scanned.path();
    try {
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        // The scan's lstat serves as the first "before": one syscall fewer per file.
        FileStat before = attempt == 1 ? entry.scanned.stat() : FileStat.of(path);
        if (before.type() != EntryType.FILE) {
          skip(entry, "changed from a file into something else while the backup ran");
          return;
        }
        boolean last = attempt == ATTEMPTS;
        boolean done =
            before.size() <= PackWriter.SMALL_FILE_MAX
                ? packSmall(entry, writer, before, last)
                : packLarge(entry, writer, before, last);
        if (done) {
          run.progress().advance(1, entry.template.sizeOrZero());
          return;
        }
      }
    } catch (NoSuchFileException e) {
      skip(entry, "vanished before it could be read");
    } catch (SourceReadException e) {
      skip(entry, "cannot be read: " + e.getMessage());
    }
  }

  private void skip(PendingEntry entry, String reason) {
    entry.skipped = true;
    run.warnings().add(entry.scanned.path(), reason);
    entry.scanned = null;
    run.progress().advance(1, 0);
  }

  /** Reads a small file whole; returns false when it changed during the read and may be retried. */
  private boolean packSmall(PendingEntry entry, PackWriter writer, FileStat before, boolean last)
      throws IOException, SourceReadException {
    Path path = entry.scanned.path();
    String archivePath = entry.scanned.archivePath();
    int n = readSmall(path, (int) before.size());
    FileStat after = FileStat.of(path);
    // Growth past the size read shows in the second lstat, so no extra read probes for EOF.
    boolean stable = n == before.size() && before.sameContentAs(after);
    if (!stable && !last) {
      return false;
    }
    String sha = Sha256.hex(small, 0, n);
    // The bytes are in memory anyway: a small JSON or YAML object's schema_version costs no extra
    // read.
    record(entry, before, n, sha, !stable, SchemaVersions.sniff(archivePath, small, n));
    FileEntry known = run.knownContent(sha);
    if (known != null) {
      entry.location =
          CompletableFuture.completedFuture(
              new PackWriter.Location(known.pack(), known.offset(), known.length(), known.skip()));
      return true;
    }
    CompletableFuture<PackWriter.Location> mine = new CompletableFuture<>();
    CompletableFuture<PackWriter.Location> claimed = run.claimContent(sha, mine);
    entry.location = claimed;
    if (claimed == mine) {
      byte[] header = fileHeader(archivePath, before, n);
      writer.addSmall(header, small, n, mine::complete, encoder.looksCompressible(small, n));
      run.bytesRead(n);
    }
    return true;
  }

  private int readSmall(Path path, int expected) throws IOException, SourceReadException {
    if (expected == 0) {
      return 0;
    }
    try (FileChannel channel = FileChannel.open(path, READ_NOFOLLOW)) {
      ByteBuffer buffer = ByteBuffer.wrap(small, 0, expected);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          break;
        }
      }
      return buffer.position();
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new SourceReadException(SourceScanner.describe(e), e);
    }
  }

  /**
   * Streams a large file into frames of {@link PackWriter#CHUNK} bytes. In an incremental it is
   * hashed first, and content already stored in the cycle is referenced instead of uploaded.
   */
  private boolean packLarge(PendingEntry entry, PackWriter writer, FileStat before, boolean last)
      throws IOException, SourceReadException {
    Path path = entry.scanned.path();
    if (run.deduplicatesLargeFiles()) {
      String sha = hashFile(path, before.size());
      FileStat after = FileStat.of(path);
      if (sha != null && before.sameContentAs(after)) {
        FileEntry known = run.knownContent(sha);
        CompletableFuture<PackWriter.Location> claimed =
            known != null
                ? CompletableFuture.completedFuture(
                    new PackWriter.Location(
                        known.pack(), known.offset(), known.length(), known.skip()))
                : run.existingClaim(sha);
        if (claimed != null) {
          record(entry, before, before.size(), sha, false, null);
          entry.location = claimed;
          return true;
        }
      } else if (!last) {
        return false;
      }
    }
    long start = writer.beginLarge();
    byte[] header = fileHeader(entry.scanned.archivePath(), before, before.size());
    digest.reset();
    boolean changed = false;
    String readError = null;
    long remaining = before.size();
    boolean tryCompress = true;
    int framesSinceProbe = 0;
    FileChannel source = openSource(path);
    try (FileChannel channel = source) {
      System.arraycopy(header, 0, frame, 0, header.length);
      int used = header.length;
      while (remaining > 0) {
        if (run.failed()) {
          // A large file can take minutes: stop at the next frame once the job has failed.
          throw new InterruptedIOException("stopped: the job failed");
        }
        int want = (int) Math.min(PackWriter.CHUNK, remaining);
        int got = 0;
        if (readError == null) {
          try {
            got = readInto(channel, frame, used, want);
          } catch (SourceIOException e) {
            readError = e.getMessage();
          }
        }
        if (got < want) {
          // The file shrank or failed: the tar entry is completed with zeros so the pack stays a
          // valid archive; the hash covers the zeros too, and the entry is marked or skipped.
          java.util.Arrays.fill(frame, used + got, used + want, (byte) 0);
          changed = true;
        }
        digest.update(frame, used, want);
        used += want;
        remaining -= want;
        if (remaining == 0) {
          int padding = TarHeaders.padding(before.size());
          java.util.Arrays.fill(frame, used, used + padding, (byte) 0);
          used += padding;
          if (readError == null) {
            try {
              changed |= channel.read(ByteBuffer.allocate(1)) > 0;
            } catch (IOException e) {
              readError = SourceScanner.describe(e);
            }
          }
        }
        boolean compressed = writer.writeFrame(frame, used, tryCompress);
        // Stop spending zstd effort on data that did not compress; probe again now and then.
        framesSinceProbe++;
        if (tryCompress && !compressed) {
          tryCompress = false;
          framesSinceProbe = 0;
        } else if (!tryCompress && framesSinceProbe >= 16) {
          tryCompress = true;
        }
        run.bytesRead(want);
        used = 0;
      }
    }
    if (readError != null) {
      throw new SourceReadException(readError, null);
    }
    FileStat after = FileStat.of(path);
    boolean stable = !changed && before.sameContentAs(after);
    if (!stable && !last) {
      return false;
    }
    String sha = Sha256.finish(digest);
    record(entry, before, before.size(), sha, !stable, null);
    PackWriter.Location location = writer.endLarge(start, header.length);
    entry.location = CompletableFuture.completedFuture(location);
    run.claimContent(sha, entry.location);
    return true;
  }

  /** Opens a source file without following a symlink swapped in since the scan. */
  private static FileChannel openSource(Path path) throws IOException, SourceReadException {
    try {
      return FileChannel.open(path, READ_NOFOLLOW);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new SourceReadException(SourceScanner.describe(e), e);
    }
  }

  private static int readInto(FileChannel channel, byte[] buffer, int offset, int want)
      throws SourceIOException {
    ByteBuffer view = ByteBuffer.wrap(buffer, offset, want);
    try {
      while (view.hasRemaining()) {
        if (channel.read(view) < 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new SourceIOException(SourceScanner.describe(e), e);
    }
    return view.position() - offset;
  }

  /** SHA-256 of the first {@code size} bytes, or null when the file has a different length. */
  private String hashFile(Path path, long size) throws IOException, SourceReadException {
    digest.reset();
    long total = 0;
    FileChannel source = openSource(path);
    try (FileChannel channel = source) {
      while (true) {
        int got = readInto(channel, frame, 0, PackWriter.CHUNK);
        if (got == 0) {
          break;
        }
        digest.update(frame, 0, got);
        total += got;
        if (got < PackWriter.CHUNK) {
          break;
        }
      }
    } catch (SourceIOException e) {
      throw new SourceReadException(e.getMessage(), e);
    }
    run.bytesRead(total);
    return total == size ? Sha256.finish(digest) : null;
  }

  private static void record(
      PendingEntry entry,
      FileStat stat,
      long size,
      String sha,
      boolean unstable,
      String schemaVersion) {
    entry.read(stat, size, sha, unstable, schemaVersion);
  }

  private static byte[] fileHeader(String archivePath, FileStat stat, long size) {
    return TarHeaders.header(
        archivePath,
        EntryType.FILE,
        size,
        stat.mode(),
        stat.mtime().toInstant().getEpochSecond(),
        null);
  }

  /** A source file could not be read; the backup skips it with a warning. */
  static final class SourceReadException extends Exception {
    private static final long serialVersionUID = 1L;

    SourceReadException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** An I/O error on the source side, told apart from errors writing the target. */
  static final class SourceIOException extends IOException {
    private static final long serialVersionUID = 1L;

    SourceIOException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
