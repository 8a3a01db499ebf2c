package dev.bulwark.engine.testing;

import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.ObjectPage;
import dev.bulwark.engine.target.ObjectWriter;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A target that behaves like a disk that fills up: after {@code capacity} bytes have been written
 * through it, every further write fails with "No space left on device".
 */
public final class FullDiskTarget implements Target {
  private final Target delegate;
  private final AtomicLong remaining;

  public FullDiskTarget(Target delegate, long capacity) {
    this.delegate = delegate;
    this.remaining = new AtomicLong(capacity);
  }

  private void consume(long n) throws IOException {
    if (remaining.addAndGet(-n) < 0) {
      throw new IOException("No space left on device");
    }
  }

  @Override
  public String provider() {
    return delegate.provider();
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

  @Override
  public InputStream get(String key) throws IOException {
    return delegate.get(key);
  }

  @Override
  public InputStream getRange(String key, long offset, long length) throws IOException {
    return delegate.getRange(key, offset, length);
  }

  @Override
  public Optional<ObjectInfo> head(String key) throws IOException {
    return delegate.head(key);
  }

  @Override
  public ObjectPage list(String prefix, String startAfter, int maxKeys) throws IOException {
    return delegate.list(prefix, startAfter, maxKeys);
  }

  @Override
  public void delete(String key) throws IOException {
    delegate.delete(key);
  }

  @Override
  public Map<String, String> tags(String key) throws IOException {
    return delegate.tags(key);
  }

  @Override
  public void setTags(String key, Map<String, String> tags) throws IOException {
    delegate.setTags(key, tags);
  }

  @Override
  public void abortIncompleteWrites(String keyPrefix) throws IOException {
    delegate.abortIncompleteWrites(keyPrefix);
  }
}
