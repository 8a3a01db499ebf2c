package dev.bulwark.engine.pack;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.bulwark.engine.crypto.FrameCipher;

/**
 * Turns a slice of the tar stream into the bytes of one pack frame: a zstd frame (compressed, or
 * stored when compression saves too little to pay for itself), sealed with AES-GCM when a cipher is
 * given. One per worker thread: it owns native zstd state.
 */
public final class FrameEncoder implements AutoCloseable {
  private final ZstdCompressCtx ctx;
  private final FrameCipher cipher;
  private byte[] scratch = new byte[0];
  private byte[] stored = new byte[0];

  /** An encoder at zstd {@code level}; {@code cipher} is null for unencrypted repositories. */
  public FrameEncoder(int level, FrameCipher cipher) {
    this.ctx = new ZstdCompressCtx().setLevel(level).setChecksum(true).setContentSize(true);
    this.cipher = cipher;
  }

  /**
   * Whether {@code data} looks worth compressing, judged by compressing a 4 KiB sample from its
   * middle: media and archives fail this and skip compression effort entirely.
   */
  public boolean looksCompressible(byte[] data, int length) {
    if (length < 16 * 1024) {
      return true;
    }
    int sample = 4096;
    int from = (length - sample) / 2;
    if (scratch.length < (int) Zstd.compressBound(sample)) {
      scratch = new byte[(int) Zstd.compressBound(sample)];
    }
    int n = ctx.compressByteArray(scratch, 0, scratch.length, data, from, sample);
    return n < sample - sample / 8;
  }

  /**
   * The result of encoding: the frame is {@code bytes[0, length)}, valid until the next call (the
   * buffers are reused, so large frames are not re-allocated for every frame).
   */
  public record Encoded(byte[] bytes, int length, boolean compressed) {}

  /**
   * Encodes {@code raw[0, length)} as the frame that will sit at {@code frameOffset} of pack {@code
   * packId}. With {@code tryCompress} false the frame is stored without compression effort.
   */
  public Encoded encode(
      byte[] raw, int length, boolean tryCompress, String packId, long frameOffset) {
    if (length > ZstdFrames.MAX_RAW) {
      throw new IllegalArgumentException("frame of " + length + " bytes exceeds the frame cap");
    }
    if (tryCompress && length > 0) {
      int bound = (int) Zstd.compressBound(length);
      if (scratch.length < bound) {
        scratch = new byte[bound];
      }
      int n = ctx.compressByteArray(scratch, 0, bound, raw, 0, length);
      // Keep compression only when it saves at least 1/32 of the frame: otherwise restores pay
      // decompression for nothing.
      if (n < length - (length >>> 5)) {
        return seal(scratch, n, true, packId, frameOffset);
      }
    }
    int n = ZstdFrames.stored(raw, 0, length, growStored(length));
    return seal(stored, n, false, packId, frameOffset);
  }

  private byte[] growStored(int length) {
    int need = ZstdFrames.storedSize(length);
    if (stored.length < need) {
      stored = new byte[need];
    }
    return stored;
  }

  private Encoded seal(byte[] frame, int length, boolean compressed, String packId, long offset) {
    if (cipher == null) {
      return new Encoded(frame, length, compressed);
    }
    byte[] sealed = cipher.seal(frame, 0, length, packId, offset);
    return new Encoded(sealed, sealed.length, compressed);
  }

  @Override
  public void close() {
    ctx.close();
  }
}
