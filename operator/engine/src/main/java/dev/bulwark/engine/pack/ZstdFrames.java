package dev.bulwark.engine.pack;

import java.io.IOException;
import java.io.InputStream;

/**
 * Zstandard frame helpers that zstd-jni does not offer: building a "stored" frame (raw blocks, no
 * compression effort) and reading exactly one frame off a stream by walking its block headers (RFC
 * 8878 section 3.1.1), with hard caps so a hostile frame cannot make us buffer without bound.
 */
public final class ZstdFrames {
  /** The largest decompressed frame this engine writes or accepts. */
  public static final int MAX_RAW = 8 * 1024 * 1024;

  /** The largest compressed frame accepted: zstd's worst-case bound of a MAX_RAW frame. */
  public static final int MAX_COMPRESSED = MAX_RAW + MAX_RAW / 128 + 4096;

  private static final int MAGIC = 0xFD2FB528;
  private static final int MAX_BLOCK = 128 * 1024;

  private ZstdFrames() {}

  /** A valid zstd frame holding {@code raw[offset, offset+length)} in raw (uncompressed) blocks. */
  public static byte[] stored(byte[] raw, int offset, int length) {
    byte[] out = new byte[storedSize(length)];
    stored(raw, offset, length, out);
    return out;
  }

  /** The size of the stored frame of {@code length} bytes. */
  public static int storedSize(int length) {
    int blocks = Math.max(1, (length + MAX_BLOCK - 1) / MAX_BLOCK);
    return 4 + 1 + 4 + blocks * 3 + length;
  }

  /** Writes the stored frame into {@code out} and returns its length. */
  public static int stored(byte[] raw, int offset, int length, byte[] out) {
    int p = 0;
    p = putLe(out, p, MAGIC, 4);
    // Frame header descriptor: 4-byte content size (flag 2), single segment, no checksum, no dict.
    out[p++] = (byte) ((2 << 6) | (1 << 5));
    p = putLe(out, p, length, 4);
    int remaining = length;
    int src = offset;
    do {
      int n = Math.min(MAX_BLOCK, remaining);
      boolean last = remaining - n == 0;
      p = putLe(out, p, (n << 3) | (last ? 1 : 0), 3);
      System.arraycopy(raw, src, out, p, n);
      p += n;
      src += n;
      remaining -= n;
    } while (remaining > 0);
    return p;
  }

  /** A reusable buffer that holds one frame's bytes. */
  public static final class FrameBuffer {
    private byte[] bytes = new byte[256 * 1024];
    private int length;

    public byte[] bytes() {
      return bytes;
    }

    public int length() {
      return length;
    }

    void clear() {
      length = 0;
    }

    void readFrom(InputStream in, int n) throws IOException, CorruptFrameException {
      if (length + n > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(length + n, bytes.length * 2));
      }
      int got = in.readNBytes(bytes, length, n);
      length += got;
      if (got < n) {
        throw new CorruptFrameException("truncated zstd frame");
      }
    }

    int leValue(int offset, int width) {
      return (int) getLe(bytes, offset, width);
    }
  }

  /**
   * Reads one whole frame into {@code frame}. Returns false on a clean end of stream before the
   * first byte.
   *
   * @throws CorruptFrameException when the bytes are not a zstd frame or exceed the caps
   */
  public static boolean readFrame(InputStream in, FrameBuffer frame)
      throws IOException, CorruptFrameException {
    frame.clear();
    int first = in.read();
    if (first < 0) {
      return false;
    }
    frame.bytes[0] = (byte) first;
    frame.length = 1;
    frame.readFrom(in, 3);
    if (frame.leValue(0, 4) != MAGIC) {
      throw new CorruptFrameException("no zstd frame magic where a frame should start");
    }
    frame.readFrom(in, 1);
    int descriptor = frame.bytes[4] & 0xff;
    int fcsFlag = descriptor >>> 6;
    boolean singleSegment = (descriptor & 0x20) != 0;
    boolean checksum = (descriptor & 0x04) != 0;
    int dictFlag = descriptor & 0x03;
    if ((descriptor & 0x08) != 0) {
      throw new CorruptFrameException("zstd frame header sets a reserved bit");
    }
    int headerRest =
        (singleSegment ? 0 : 1)
            + new int[] {0, 1, 2, 4}[dictFlag]
            + (fcsFlag == 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag);
    frame.readFrom(in, headerRest);
    while (true) {
      int at = frame.length;
      frame.readFrom(in, 3);
      int blockHeader = frame.leValue(at, 3);
      boolean last = (blockHeader & 1) != 0;
      int blockType = (blockHeader >>> 1) & 3;
      int blockSize = blockHeader >>> 3;
      int contentSize =
          switch (blockType) {
            case 0, 2 -> blockSize;
            case 1 -> 1;
            default -> throw new CorruptFrameException("zstd block of reserved type");
          };
      if (blockSize > MAX_BLOCK) {
        throw new CorruptFrameException("zstd block of " + blockSize + " bytes exceeds 128 KiB");
      }
      if (frame.length + contentSize > MAX_COMPRESSED) {
        throw new CorruptFrameException(
            "zstd frame exceeds the " + MAX_COMPRESSED + "-byte cap on compressed frames");
      }
      frame.readFrom(in, contentSize);
      if (last) {
        break;
      }
    }
    if (checksum) {
      frame.readFrom(in, 4);
    }
    return true;
  }

  private static int putLe(byte[] out, int p, long value, int width) {
    for (int i = 0; i < width; i++) {
      out[p + i] = (byte) (value >>> (8 * i));
    }
    return p + width;
  }

  private static long getLe(byte[] in, int p, int width) {
    long value = 0;
    for (int i = 0; i < width; i++) {
      value |= (long) (in[p + i] & 0xff) << (8 * i);
    }
    return value & 0xffffffffL;
  }

  static boolean hasMagic(byte[] frame) {
    return frame.length >= 4 && (int) getLe(frame, 0, 4) == MAGIC;
  }

  /** The frame's declared content size, or -1 when it declares none. */
  static long contentSize(byte[] frame, int length) throws CorruptFrameException {
    if (length < 6) {
      throw new CorruptFrameException("truncated zstd frame header");
    }
    int descriptor = frame[4] & 0xff;
    int fcsFlag = descriptor >>> 6;
    boolean singleSegment = (descriptor & 0x20) != 0;
    int at = 5 + (singleSegment ? 0 : 1) + new int[] {0, 1, 2, 4}[descriptor & 0x03];
    int width = fcsFlag == 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
    if (width == 0) {
      return -1;
    }
    if (at + width > length) {
      throw new CorruptFrameException("truncated zstd frame header");
    }
    long value = 0;
    for (int i = 0; i < width; i++) {
      value |= (long) (frame[at + i] & 0xff) << (8 * i);
    }
    if (width == 8 && value < 0) {
      return Long.MAX_VALUE;
    }
    return width == 2 ? value + 256 : value;
  }
}
