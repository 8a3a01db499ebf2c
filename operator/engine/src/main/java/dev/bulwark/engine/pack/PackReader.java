package dev.bulwark.engine.pack;

import java.io.IOException;
import java.io.InputStream;

/**
 * Walks the frames of a pack byte range in order, tracking each frame's pack offset and the
 * position of its decompressed bytes in the tar stream that the range starts.
 */
public final class PackReader {
  private final InputStream in;
  private final FrameDecoder decoder;
  private final String packId;
  private final long end;
  private long offset;
  private long rawPosition;

  /**
   * A reader of the frames in {@code [start, end)} of pack {@code packId}, read from {@code in}.
   */
  public PackReader(InputStream in, FrameDecoder decoder, String packId, long start, long end) {
    this.in = in;
    this.decoder = decoder;
    this.packId = packId;
    this.offset = start;
    this.end = end;
  }

  /**
   * A decoded frame with its pack offset and the raw-stream position of its first byte; {@code
   * raw[0, rawLength)} is valid until the next call to {@link #next()}.
   */
  public record PlacedFrame(long offset, long rawStart, byte[] raw, int rawLength) {}

  /** The next frame, or null when the range is exhausted. */
  public PlacedFrame next() throws IOException, CorruptFrameException {
    if (offset >= end) {
      return null;
    }
    FrameDecoder.Frame frame = decoder.next(in, packId, offset);
    if (frame == null) {
      throw new CorruptFrameException(
          "pack ends at byte "
              + offset
              + " where a frame was expected (range ends at "
              + end
              + ")");
    }
    if (offset + frame.storedLength() > end) {
      throw new CorruptFrameException(
          "frame at byte " + offset + " runs past the end of its range (" + end + ")");
    }
    PlacedFrame placed = new PlacedFrame(offset, rawPosition, frame.raw(), frame.rawLength());
    offset += frame.storedLength();
    rawPosition += frame.rawLength();
    return placed;
  }

  /**
   * Skips forward to the frame at pack offset {@code target} without decoding what lies between.
   */
  public void skipTo(long target) throws IOException {
    if (target < offset) {
      throw new IllegalArgumentException("cannot skip back from " + offset + " to " + target);
    }
    in.skipNBytes(target - offset);
    offset = target;
  }

  /** The pack offset of the next frame. */
  public long offset() {
    return offset;
  }
}
