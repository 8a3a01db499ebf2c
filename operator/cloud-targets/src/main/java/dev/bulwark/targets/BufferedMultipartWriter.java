package dev.bulwark.targets;

import dev.bulwark.engine.target.ObjectWriter;
import java.io.IOException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A write-once upload to an object store that buffers one part in memory: an object that fits in
 * one part is sent with a single PUT at commit, a larger one becomes a multipart upload that is
 * started when the first part fills. Any failure while writing or committing aborts the multipart
 * upload, as does {@link #close()} without a commit, so no incomplete upload is left behind unless
 * the process dies (then {@code Target.abortIncompleteWrites} cleans up).
 *
 * <p>Subclasses supply the five store operations; this class owns the buffering and the state.
 */
public abstract class BufferedMultipartWriter extends ObjectWriter {
  private static final Logger LOG = LoggerFactory.getLogger(BufferedMultipartWriter.class);
  private static final int INITIAL_BUFFER = 64 * 1024;

  private final String key;
  private final int partSize;
  private byte[] buffer = new byte[0];
  private int buffered;
  private long position;
  private int partsUploaded;
  private boolean multipartStarted;
  private boolean finished;

  /** An upload of {@code key} (for messages) in parts of {@code partSize} bytes. */
  protected BufferedMultipartWriter(String key, int partSize) {
    if (partSize <= 0) {
      throw new IllegalArgumentException("part size must be positive, was " + partSize);
    }
    this.key = key;
    this.partSize = partSize;
  }

  /**
   * Writes the whole object with one request; must fail with ObjectExistsException if it exists.
   */
  protected abstract void putWhole(byte[] data, int length) throws IOException;

  /** Starts the multipart upload (called once, before the first part). */
  protected abstract void startMultipart() throws IOException;

  /** Uploads part {@code partNumber} (1-based) from the first {@code length} bytes of data. */
  protected abstract void uploadPart(int partNumber, byte[] data, int length) throws IOException;

  /** Completes the upload write-once; must fail with ObjectExistsException if the key exists. */
  protected abstract void completeMultipart() throws IOException;

  /** Aborts the started multipart upload so that the store keeps none of its parts. */
  protected abstract void abortMultipart() throws IOException;

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    checkOpen();
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    try {
      while (length > 0) {
        if (buffered == partSize) {
          // A full part goes out only once more bytes follow: an object of exactly one part
          // stays a single PUT.
          flushPart();
        }
        ensureCapacity(Math.min(partSize, buffered + length));
        int n = Math.min(length, partSize - buffered);
        System.arraycopy(bytes, offset, buffer, buffered, n);
        buffered += n;
        offset += n;
        length -= n;
        position += n;
      }
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void commit() throws IOException {
    checkOpen();
    try {
      if (!multipartStarted) {
        putWhole(buffer, buffered);
      } else {
        if (buffered > 0) {
          flushPart();
        }
        completeMultipart();
      }
      finished = true;
      buffer = null;
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  @Override
  public void abort() {
    if (finished) {
      return;
    }
    finished = true;
    buffer = null;
    if (!multipartStarted) {
      return;
    }
    try {
      abortMultipart();
    } catch (IOException | RuntimeException e) {
      // The store keeps the parts until the next job's abortIncompleteWrites; say so and go on.
      LOG.warn(
          "could not abort the multipart upload of {}; the next job removes it: {}",
          key,
          e.getMessage());
    }
  }

  /** The number of parts uploaded so far. */
  protected int partsUploaded() {
    return partsUploaded;
  }

  private void flushPart() throws IOException {
    if (!multipartStarted) {
      startMultipart();
      multipartStarted = true;
    }
    uploadPart(partsUploaded + 1, buffer, buffered);
    partsUploaded++;
    buffered = 0;
  }

  private void ensureCapacity(int needed) {
    if (needed <= buffer.length) {
      return;
    }
    // Grow geometrically up to one part: a small object never costs a whole part of memory.
    int size = Math.max(INITIAL_BUFFER, buffer.length);
    while (size < needed) {
      size = (int) Math.min((long) size * 2, partSize);
    }
    buffer = Arrays.copyOf(buffer, size);
  }

  private void checkOpen() throws IOException {
    if (finished) {
      throw new IOException("upload of " + key + " is already finished");
    }
  }
}
