package dev.bulwark.engine.pack;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.bulwark.engine.crypto.FrameCipher;
import java.io.IOException;
import java.io.InputStream;
import javax.crypto.AEADBadTagException;

/**
 * Reads pack frames back: opens the seal (when encrypted), checks the zstd frame against the caps
 * and decompresses it into a buffer of exactly its declared size, so a frame that claims a huge
 * size or expands past its claim (a zstd bomb) is rejected with bounded memory. Not thread-safe.
 */
public final class FrameDecoder implements AutoCloseable {
  private final ZstdDecompressCtx ctx = new ZstdDecompressCtx();
  private final FrameCipher cipher;

  /** A decoder; {@code cipher} is null for unencrypted packs. */
  public FrameDecoder(FrameCipher cipher) {
    this.cipher = cipher;
  }

  /**
   * One decoded frame: {@code raw[0, rawLength)} are its decompressed bytes (the array is reused by
   * the next call), {@code storedLength} how many pack bytes it occupied.
   */
  public record Frame(byte[] raw, int rawLength, int storedLength) {}

  private final ZstdFrames.FrameBuffer buffer = new ZstdFrames.FrameBuffer();
  private byte[] raw = new byte[256 * 1024];

  /**
   * Reads the frame that starts at {@code frameOffset} of pack {@code packId}. Returns null at a
   * clean end of stream.
   */
  public Frame next(InputStream in, String packId, long frameOffset)
      throws IOException, CorruptFrameException {
    byte[] zstdFrame;
    int zstdLength;
    int stored;
    if (cipher == null) {
      if (!ZstdFrames.readFrame(in, buffer)) {
        return null;
      }
      zstdFrame = buffer.bytes();
      zstdLength = buffer.length();
      stored = zstdLength;
    } else {
      byte[] lengthWord = in.readNBytes(4);
      if (lengthWord.length == 0) {
        return null;
      }
      if (lengthWord.length < 4) {
        throw new CorruptFrameException("truncated sealed frame header");
      }
      int sealedLength = java.nio.ByteBuffer.wrap(lengthWord).getInt();
      if (sealedLength < 16 || sealedLength > ZstdFrames.MAX_COMPRESSED + 16) {
        throw new CorruptFrameException(
            "sealed frame claims "
                + Integer.toUnsignedString(sealedLength)
                + " bytes, over the cap");
      }
      byte[] body = in.readNBytes(12 + sealedLength);
      if (body.length < 12 + sealedLength) {
        throw new CorruptFrameException("truncated sealed frame");
      }
      try {
        zstdFrame = cipher.open(body, packId, frameOffset, sealedLength);
      } catch (AEADBadTagException e) {
        throw new CorruptFrameException(
            "frame failed AES-GCM authentication (wrong key, or the frame was changed or moved)",
            e);
      }
      zstdLength = zstdFrame.length;
      stored = 4 + 12 + sealedLength;
      if (!ZstdFrames.hasMagic(zstdFrame)) {
        throw new CorruptFrameException("sealed frame does not hold a zstd frame");
      }
    }
    int rawLength = decompress(zstdFrame, zstdLength);
    return new Frame(raw, rawLength, stored);
  }

  private int decompress(byte[] frame, int length) throws CorruptFrameException {
    long declared = ZstdFrames.contentSize(frame, length);
    if (declared < 0) {
      throw new CorruptFrameException("zstd frame does not declare its content size");
    }
    if (declared > ZstdFrames.MAX_RAW) {
      throw new CorruptFrameException(
          "zstd frame claims "
              + declared
              + " decompressed bytes, over the "
              + ZstdFrames.MAX_RAW
              + "-byte cap");
    }
    int size = (int) declared;
    if (raw.length < size) {
      raw = new byte[Math.max(size, raw.length * 2)];
    }
    try {
      int n = ctx.decompressByteArray(raw, 0, size, frame, 0, length);
      if (n != size) {
        throw new CorruptFrameException(
            "zstd frame decompressed to " + n + " bytes but declared " + declared);
      }
    } catch (ZstdException e) {
      throw new CorruptFrameException("zstd frame does not decompress: " + e.getMessage(), e);
    }
    return size;
  }

  @Override
  public void close() {
    ctx.close();
  }
}
