package dev.bulwark.core.postgres;

import java.io.FilterInputStream;
import java.io.IOException;

/**
 * pg_dump's stdout as the engine reads it. Closing it after the end waits for pg_dump and throws
 * when it exited non-zero (the dump is then incomplete and the job must fail); closing it before
 * the end kills pg_dump.
 */
final class PgDumpStream extends FilterInputStream {
  private final ToolProcess dump;
  private final String database;
  private boolean ended;
  private boolean closed;

  PgDumpStream(ToolProcess dump, String database) {
    super(dump.process.getInputStream());
    this.dump = dump;
    this.database = database;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    ended |= b < 0;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    ended |= n < 0;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (!ended) {
      dump.kill();
      super.close();
      return;
    }
    super.close();
    int code;
    try {
      code = dump.waitFor();
    } catch (InterruptedException e) {
      dump.kill();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for pg_dump of " + database, e);
    }
    if (code != 0) {
      throw new IOException(dump.failure(code));
    }
  }
}
