package dev.bulwark.engine.target;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A write-once upload in progress. Bytes written are invisible until {@link #commit()} succeeds;
 * {@link #close()} without a commit aborts the upload and leaves nothing behind.
 */
public abstract class ObjectWriter extends OutputStream {

  /** Makes the object visible under its key, atomically; fails if the key already exists. */
  public abstract void commit() throws IOException;

  /** Discards the upload. Safe to call more than once and after a failed write. */
  public abstract void abort();

  /** Bytes written so far. */
  public abstract long position();

  /** Aborts the upload unless it was committed. */
  @Override
  public void close() {
    abort();
  }
}
