package dev.bulwark.engine.restore;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.IntegrityException;
import dev.bulwark.engine.catalog.SnapshotIndex;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.crypto.FrameCipher;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.Sha256;
import dev.bulwark.engine.pack.CorruptFrameException;
import dev.bulwark.engine.pack.FrameDecoder;
import dev.bulwark.engine.pack.PackReader;
import dev.bulwark.engine.repository.Repository;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a stream of a snapshot (a database dump, say) back as one {@link InputStream}: its parts in
 * order, straight from the packs with one ranged read per part, nothing written locally. Each
 * part's SHA-256, and the whole stream's size and SHA-256, are checked as the bytes pass; a
 * mismatch fails the read at that point with an {@link IOException}, so a consumer (such as
 * pg_restore) that reached the end without an error got exactly the bytes that were backed up.
 */
public final class StreamReader {
  private final Repository repo;

  public StreamReader(Repository repository) {
    this.repo = Objects.requireNonNull(repository, "repository");
  }

  /** The streams of {@code snapshot}; empty when it has none. */
  public List<Manifest.StreamRecord> streams(SnapshotSummary snapshot) throws EngineException {
    return repo.readManifest(snapshot).streamsOrEmpty();
  }

  /**
   * Opens stream {@code path} (e.g. {@code serving/postgres/shop.dump}) of {@code snapshot}.
   *
   * @throws EngineException when the snapshot has no such stream, its parts are missing from the
   *     index, or the key does not fit
   */
  public InputStream open(SnapshotSummary snapshot, String path) throws EngineException {
    SnapshotIndex index = repo.readIndex(snapshot);
    repo.checkKeyFor(index.manifest(), snapshot.manifestKey());
    repo.checkKeyFor(index.fullManifest(), index.fullManifest().jobId());
    Manifest.StreamRecord record =
        index.manifest().streamsOrEmpty().stream()
            .filter(s -> s.path().equals(path))
            .findFirst()
            .orElseThrow(
                () ->
                    new EngineException(
                        snapshot.manifestKey(),
                        "snapshot "
                            + snapshot.jobId()
                            + " has no stream "
                            + path
                            + " (it has: "
                            + names(index.manifest())
                            + ")"));
    List<Part> parts = new ArrayList<>();
    long total = 0;
    for (String partPath : record.parts()) {
      FileEntry entry =
          index
              .entry(partPath)
              .filter(FileEntry::hasData)
              .orElseThrow(
                  () ->
                      new IntegrityException(
                          snapshot.manifestKey(),
                          "stream "
                              + path
                              + " names part "
                              + partPath
                              + ", which is not a stored file of the snapshot"));
      String key =
          index
              .packKey(entry.pack())
              .orElseThrow(
                  () ->
                      new IntegrityException(
                          snapshot.manifestKey(),
                          "part "
                              + partPath
                              + " lives in pack "
                              + entry.pack()
                              + ", which no manifest of the snapshot names"));
      parts.add(new Part(entry, key));
      total += entry.sizeOrZero();
    }
    if (total != record.size()) {
      throw new IntegrityException(
          snapshot.manifestKey(),
          "stream " + path + " records " + record.size() + " bytes but its parts hold " + total);
    }
    FrameCipher cipher = repo.encryptionKey().map(FrameCipher::new).orElse(null);
    return new PartsInputStream(record, parts, new FrameDecoder(cipher));
  }

  private static String names(Manifest manifest) {
    List<String> names =
        manifest.streamsOrEmpty().stream().map(Manifest.StreamRecord::path).toList();
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  private record Part(FileEntry entry, String key) {}

  /** The parts of one stream, decoded frame by frame and verified as they are read. */
  private final class PartsInputStream extends InputStream {
    private final Manifest.StreamRecord record;
    private final List<Part> parts;
    private final FrameDecoder decoder;
    private final MessageDigest streamDigest = Sha256.newDigest();
    private final MessageDigest partDigest = Sha256.newDigest();
    private int nextPart;
    private Part part;
    private InputStream source;
    private PackReader reader;
    private long partConsumed;
    private long streamConsumed;
    private byte[] frame;
    private int framePosition;
    private int frameLimit;
    private boolean ended;
    private boolean closed;

    PartsInputStream(Manifest.StreamRecord record, List<Part> parts, FrameDecoder decoder) {
      this.record = record;
      this.parts = parts;
      this.decoder = decoder;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (closed) {
        throw new IOException("stream " + record.path() + " is closed");
      }
      if (len == 0) {
        return 0;
      }
      while (framePosition == frameLimit) {
        if (!advance()) {
          return -1;
        }
      }
      int n = Math.min(len, frameLimit - framePosition);
      System.arraycopy(frame, framePosition, b, off, n);
      partDigest.update(frame, framePosition, n);
      streamDigest.update(frame, framePosition, n);
      framePosition += n;
      partConsumed += n;
      streamConsumed += n;
      return n;
    }

    /** Makes the next slice of data available; false at the verified end of the stream. */
    private boolean advance() throws IOException {
      if (ended) {
        return false;
      }
      if (part != null && partConsumed == part.entry().sizeOrZero()) {
        finishPart();
      }
      if (part == null) {
        if (nextPart == parts.size()) {
          finishStream();
          return false;
        }
        openPart(parts.get(nextPart++));
        return true;
      }
      PackReader.PlacedFrame placed;
      try {
        placed = reader.next();
      } catch (CorruptFrameException e) {
        throw new IOException(
            "stream "
                + record.path()
                + ": pack "
                + part.key()
                + " is corrupt in part "
                + part.entry().path()
                + ": "
                + e.getMessage(),
            e);
      }
      if (placed == null) {
        throw new IOException(
            "stream "
                + record.path()
                + ": pack "
                + part.key()
                + " ends before the data of part "
                + part.entry().path());
      }
      FileEntry e = part.entry();
      long dataStart = e.skip();
      long from = Math.max(dataStart + partConsumed, placed.rawStart());
      long to = Math.min(dataStart + e.sizeOrZero(), placed.rawStart() + placed.rawLength());
      frame = placed.raw();
      framePosition = to > from ? (int) (from - placed.rawStart()) : 0;
      frameLimit = to > from ? (int) (to - placed.rawStart()) : 0;
      return true;
    }

    private void openPart(Part next) throws IOException {
      FileEntry e = next.entry();
      part = next;
      partConsumed = 0;
      partDigest.reset();
      frame = null;
      framePosition = 0;
      frameLimit = 0;
      source =
          new BufferedInputStream(
              repo.target().getRange(next.key(), e.offset(), e.length()), 1 << 20);
      reader = new PackReader(source, decoder, e.pack(), e.offset(), e.offset() + e.length());
    }

    private void finishPart() throws IOException {
      String sha = Sha256.finish(partDigest);
      closeSource();
      if (!sha.equals(part.entry().sha256())) {
        throw new IOException(
            "stream "
                + record.path()
                + ": part "
                + part.entry().path()
                + " has SHA-256 "
                + sha
                + " but the manifest records "
                + part.entry().sha256()
                + " (pack "
                + part.key()
                + ")");
      }
      part = null;
    }

    private void finishStream() throws IOException {
      String sha = Sha256.finish(streamDigest);
      if (streamConsumed != record.size() || !sha.equals(record.sha256())) {
        throw new IOException(
            "stream "
                + record.path()
                + " reassembled to "
                + streamConsumed
                + " bytes with SHA-256 "
                + sha
                + " but the manifest records "
                + record.size()
                + " bytes, "
                + record.sha256());
      }
      ended = true;
    }

    private void closeSource() throws IOException {
      if (source != null) {
        InputStream s = source;
        source = null;
        reader = null;
        s.close();
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        closeSource();
      } finally {
        decoder.close();
      }
    }
  }
}
