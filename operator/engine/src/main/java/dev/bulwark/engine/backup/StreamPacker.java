package dev.bulwark.engine.backup;

import dev.bulwark.engine.format.EntryType;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.PackObject;
import dev.bulwark.engine.format.Sha256;
import dev.bulwark.engine.format.Timestamps;
import dev.bulwark.engine.pack.FrameEncoder;
import dev.bulwark.engine.pack.PackWriter;
import dev.bulwark.engine.pack.TarHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the job's streams on the scanning thread and stores each as ordered part files: a part is
 * filled in memory up to the part size (a tar header needs the size first), hashed, and written as
 * one tar entry into this packer's own packs, one per domain. A part whose content the cycle
 * already stores is referenced, not uploaded again. Nothing of a stream is ever on local disk.
 */
final class StreamPacker implements AutoCloseable {
  /** Parts per stream; the part number has six digits so names sort in stream order. */
  static final int MAX_PARTS = 999_999;

  private static final int PART_MODE = 0600;

  private final BackupRun run;
  private final Instant mtime;
  private final String mtimeText;
  private final FrameEncoder encoder;
  private final Map<String, PackWriter> packs = new HashMap<>();
  private final MessageDigest partDigest = Sha256.newDigest();
  private final MessageDigest streamDigest = Sha256.newDigest();
  private final byte[] frame = new byte[PackWriter.CHUNK + 64 * 1024];
  private final List<Manifest.StreamRecord> records = new ArrayList<>();
  private byte[] part;

  StreamPacker(BackupRun run, Instant startedAt) {
    this.run = run;
    this.mtime = startedAt;
    this.mtimeText = Timestamps.format(startedAt);
    this.encoder = new FrameEncoder(run.compressionLevel(), run.newCipher());
  }

  /** The streams packed so far, in the order they were read. */
  List<Manifest.StreamRecord> records() {
    return records;
  }

  /**
   * Reads {@code source} to its end and stores its parts; each part's entry goes to {@code
   * entries}.
   *
   * @throws IOException when the producer or the target failed (the job must fail)
   */
  void pack(StreamSource source, List<PendingEntry> entries) throws IOException {
    String path = source.archivePath();
    if (part == null) {
      part = new byte[(int) run.streamPartSize()];
    }
    streamDigest.reset();
    List<String> parts = new ArrayList<>();
    long size = 0;
    InputStream in;
    try {
      in = source.opener().open();
    } catch (IOException | RuntimeException e) {
      throw new IOException("stream " + path + " cannot start: " + message(e), e);
    }
    boolean ended = false;
    try {
      while (true) {
        if (run.failed()) {
          throw new InterruptedIOException("stream " + path + " stopped: the job failed");
        }
        int n;
        try {
          n = in.readNBytes(part, 0, part.length);
        } catch (IOException | RuntimeException e) {
          throw new IOException(
              "stream " + path + " failed after " + (size) + " bytes: " + message(e), e);
        }
        if (n > 0) {
          if (parts.size() == MAX_PARTS) {
            throw new IOException(
                "stream "
                    + path
                    + " is larger than "
                    + MAX_PARTS
                    + " parts of "
                    + part.length
                    + " bytes; raise the stream part size");
          }
          String partPath = StreamSource.partPath(path, parts.size() + 1);
          streamDigest.update(part, 0, n);
          entries.add(storePart(source, partPath, n));
          parts.add(partPath);
          size += n;
        }
        if (n < part.length) {
          break;
        }
      }
      ended = true;
      try {
        in.close();
      } catch (IOException | RuntimeException e) {
        throw new IOException("stream " + path + " failed: " + message(e), e);
      }
    } finally {
      if (!ended) {
        closeQuietly(in);
      }
    }
    records.add(
        new Manifest.StreamRecord(
            path,
            source.domain(),
            source.priority(),
            source.description(),
            size,
            Sha256.finish(streamDigest),
            List.copyOf(parts)));
  }

  private PendingEntry storePart(StreamSource source, String partPath, int n) throws IOException {
    run.progress().addTotal(1, n);
    partDigest.reset();
    partDigest.update(part, 0, n);
    String sha = Sha256.finish(partDigest);
    PendingEntry entry = new PendingEntry(null, null, false);
    entry.template =
        new FileEntry(
            partPath,
            EntryType.FILE,
            (long) n,
            FileEntry.formatMode(PART_MODE),
            mtimeText,
            null,
            sha,
            null,
            source.domain(),
            source.priority(),
            null,
            null,
            null,
            null,
            null);
    run.bytesRead(n);
    FileEntry known = run.knownContent(sha);
    if (known != null) {
      entry.location =
          CompletableFuture.completedFuture(
              new PackWriter.Location(known.pack(), known.offset(), known.length(), known.skip()));
    } else {
      CompletableFuture<PackWriter.Location> mine = new CompletableFuture<>();
      CompletableFuture<PackWriter.Location> claimed = run.claimContent(sha, mine);
      entry.location = claimed;
      if (claimed == mine) {
        mine.complete(write(source.domain(), partPath, n));
      }
    }
    run.progress().advance(1, n);
    return entry;
  }

  /** Writes part bytes {@code part[0, n)} as one tar entry of frames of at most CHUNK bytes. */
  private PackWriter.Location write(String domain, String partPath, int n) throws IOException {
    PackWriter writer = packs.get(domain);
    if (writer == null) {
      writer = run.openPack(domain, encoder);
      packs.put(domain, writer);
    }
    long before = writer.position();
    byte[] header =
        TarHeaders.header(partPath, EntryType.FILE, n, PART_MODE, mtime.getEpochSecond(), null);
    long start = writer.beginLarge();
    System.arraycopy(header, 0, frame, 0, header.length);
    int used = header.length;
    int position = 0;
    boolean tryCompress = true;
    int framesSinceProbe = 0;
    while (position < n) {
      int want = Math.min(PackWriter.CHUNK, n - position);
      System.arraycopy(part, position, frame, used, want);
      used += want;
      position += want;
      if (position == n) {
        int padding = TarHeaders.padding(n);
        java.util.Arrays.fill(frame, used, used + padding, (byte) 0);
        used += padding;
      }
      boolean compressed = writer.writeFrame(frame, used, tryCompress);
      // A dump in custom format is compressed already: stop trying, and probe again now and then.
      framesSinceProbe++;
      if (tryCompress && !compressed) {
        tryCompress = false;
        framesSinceProbe = 0;
      } else if (!tryCompress && framesSinceProbe >= 16) {
        tryCompress = true;
      }
      used = 0;
    }
    PackWriter.Location location = writer.endLarge(start, header.length);
    run.progress().transferred(writer.position() - before);
    if (writer.position() >= run.packSize()) {
      finish(writer);
      packs.remove(domain);
    }
    return location;
  }

  private void finish(PackWriter writer) throws IOException {
    long before = writer.position();
    PackObject object = writer.finish();
    run.progress().transferred(object.size() - before);
    run.packWritten(object);
  }

  /** Commits the open packs; call once every stream was packed. */
  void finish() throws IOException {
    for (PackWriter writer : packs.values()) {
      finish(writer);
    }
    packs.clear();
  }

  /** Aborts packs not finished (the job failed) and frees the encoder. */
  @Override
  public void close() {
    for (PackWriter writer : packs.values()) {
      writer.abort();
    }
    packs.clear();
    encoder.close();
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      // The job already failed; the producer's own complaint about being stopped adds nothing.
    }
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
