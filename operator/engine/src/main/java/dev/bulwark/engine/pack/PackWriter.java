package dev.bulwark.engine.pack;

import dev.bulwark.engine.format.PackObject;
import dev.bulwark.engine.format.Sha256;
import dev.bulwark.engine.target.ObjectWriter;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes one pack: a sequence of frames whose decompressed bytes, concatenated, form a tar archive.
 * Small entries are batched into shared frames (a few MiB of raw tar each) so that thousands of
 * small files cost thousands of memcpy, not thousands of zstd frames; a large file is cut into
 * frames of at most {@link #CHUNK} data bytes. Used by one thread.
 */
public final class PackWriter {
  /** Data bytes per frame of a large file. */
  public static final int CHUNK = 4 * 1024 * 1024;

  /** Files up to this size are batched with others into shared frames. */
  public static final int SMALL_FILE_MAX = 1024 * 1024;

  private static final int BATCH_TARGET = 2 * 1024 * 1024;
  private static final int BATCH_MAX = 6 * 1024 * 1024;

  private final String packId;
  private final String key;
  private final String domain;
  private final ObjectWriter out;
  private final FrameEncoder encoder;
  private final MessageDigest digest = Sha256.newDigest();
  // Two batches: compressible entries are compressed together; entries that failed a quick
  // compressibility probe (media, archives) go to frames stored without compression effort.
  private final Batch compressible = new Batch(true);
  private final Batch incompressible = new Batch(false);
  private long position;
  private long rawBytes;

  /** Where a file's tar entry sits in a pack. */
  public record Location(String packId, long offset, long length, long skip) {}

  private record Pending(int skip, Consumer<Location> placed) {}

  /** Tar entries waiting to become one frame. */
  private static final class Batch {
    final boolean compress;
    final List<Pending> pending = new ArrayList<>();
    byte[] bytes;
    int length;

    Batch(boolean compress) {
      this.compress = compress;
    }
  }

  public PackWriter(
      String packId, String key, String domain, ObjectWriter out, FrameEncoder encoder) {
    this.packId = packId;
    this.key = key;
    this.domain = domain;
    this.out = out;
    this.encoder = encoder;
  }

  public String packId() {
    return packId;
  }

  public String key() {
    return key;
  }

  /** Bytes written to the pack object so far. */
  public long position() {
    return position;
  }

  /**
   * Adds a small entry (header, then {@code dataLength} bytes of {@code data}) to a batch frame.
   * {@code placed} is called with the entry's location once its frame is written.
   */
  public void addSmall(
      byte[] header, byte[] data, int dataLength, Consumer<Location> placed, boolean compress)
      throws IOException {
    int entryLength = header.length + dataLength + TarHeaders.padding(dataLength);
    if (entryLength > BATCH_MAX) {
      throw new IllegalArgumentException("entry of " + entryLength + " bytes is not small");
    }
    Batch batch = compress ? compressible : incompressible;
    if (batch.bytes == null) {
      batch.bytes = new byte[BATCH_MAX];
    }
    if (batch.length + entryLength > BATCH_MAX) {
      flush(batch);
    }
    byte[] buf = batch.bytes;
    System.arraycopy(header, 0, buf, batch.length, header.length);
    int skip = batch.length + header.length;
    if (dataLength > 0) {
      System.arraycopy(data, 0, buf, skip, dataLength);
    }
    int padding = TarHeaders.padding(dataLength);
    java.util.Arrays.fill(buf, skip + dataLength, skip + dataLength + padding, (byte) 0);
    batch.length += entryLength;
    if (placed != null) {
      batch.pending.add(new Pending(skip, placed));
    }
    if (batch.length >= BATCH_TARGET) {
      flush(batch);
    }
  }

  /** Writes the pending batches as frames. */
  public void flushBatch() throws IOException {
    flush(compressible);
    flush(incompressible);
  }

  private void flush(Batch batch) throws IOException {
    if (batch.length == 0) {
      return;
    }
    long frameOffset = position;
    writeFrame(batch.bytes, batch.length, batch.compress);
    long frameLength = position - frameOffset;
    for (Pending p : batch.pending) {
      p.placed().accept(new Location(packId, frameOffset, frameLength, p.skip()));
    }
    batch.pending.clear();
    batch.length = 0;
  }

  /** Starts a large entry: flushes the batch and returns the offset its first frame will have. */
  public long beginLarge() throws IOException {
    flushBatch();
    return position;
  }

  /**
   * Writes one frame of a large entry ({@code raw[0, length)} of its tar bytes); returns whether
   * zstd compression was kept, so the caller can stop trying on incompressible data.
   */
  public boolean writeFrame(byte[] raw, int length, boolean tryCompress) throws IOException {
    FrameEncoder.Encoded encoded = encoder.encode(raw, length, tryCompress, packId, position);
    byte[] bytes = encoded.bytes();
    out.write(bytes, 0, encoded.length());
    digest.update(bytes, 0, encoded.length());
    position += encoded.length();
    rawBytes += length;
    return encoded.compressed();
  }

  /** The location of a large entry that started at {@code start}, with data after {@code skip}. */
  public Location endLarge(long start, long skip) {
    return new Location(packId, start, position - start, skip);
  }

  /** Flushes, writes the end-of-archive frame and commits the pack object. */
  public PackObject finish() throws IOException {
    flushBatch();
    byte[] end = TarHeaders.endOfArchive();
    writeFrame(end, end.length, true);
    out.commit();
    return new PackObject(key, position, "sha256:" + Sha256.finish(digest), domain);
  }

  /** Decompressed (tar) bytes written so far. */
  public long rawBytes() {
    return rawBytes;
  }

  /** Discards the pack upload. */
  public void abort() {
    out.abort();
  }
}
