package dev.bulwark.engine.testing;

import dev.bulwark.engine.target.ObjectWriter;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A target that behaves like a disk that fills up: after {@code capacity} bytes have been written
 * through it, every further write fails with "No space left on device".
 */
public final class FullDiskTarget extends ForwardingTarget {
  private final AtomicLong remaining;

  public FullDiskTarget(Target delegate, long capacity) {
    super(delegate);
    this.remaining = new AtomicLong(capacity);
  }

  private void consume(long n) throws IOException {
    if (remaining.addAndGet(-n) < 0) {
      throw new IOException("No space left on device");
    }
  }

  @Override
  public String describe() {
    return "full-disk " + delegate.describe();
  }

  @Override
  public ObjectWriter create(String key, Map<String, String> tags) throws IOException {
    ObjectWriter inner = delegate.create(key, tags);
    return new ObjectWriter() {
      @Override
      public void write(int b) throws IOException {
        consume(1);
        inner.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        consume(len);
        inner.write(b, off, len);
      }

      @Override
      public void commit() throws IOException {
        inner.commit();
      }

      @Override
      public void abort() {
        inner.abort();
      }

      @Override
      public long position() {
        return inner.position();
      }
    };
  }

  @Override
  public void replace(String key, byte[] content) throws IOException {
    consume(content.length);
    delegate.replace(key, content);
  }
}
