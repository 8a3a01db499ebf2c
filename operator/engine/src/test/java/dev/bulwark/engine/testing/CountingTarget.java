package dev.bulwark.engine.testing;

import dev.bulwark.engine.target.Target;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A target that counts the bytes callers actually read from each object, whole or ranged. */
public final class CountingTarget extends ForwardingTarget {
  private final Map<String, AtomicLong> read = new ConcurrentHashMap<>();

  public CountingTarget(Target delegate) {
    super(delegate);
  }

  /** Bytes read so far from keys that contain {@code part}. */
  public long bytesRead(String part) {
    return read.entrySet().stream()
        .filter(e -> e.getKey().contains(part))
        .mapToLong(e -> e.getValue().get())
        .sum();
  }

  /** Forgets what was counted. */
  public void reset() {
    read.clear();
  }

  @Override
  public InputStream get(String key) throws IOException {
    return counted(key, super.get(key));
  }

  @Override
  public InputStream getRange(String key, long offset, long length) throws IOException {
    return counted(key, super.getRange(key, offset, length));
  }

  private InputStream counted(String key, InputStream in) {
    AtomicLong count = read.computeIfAbsent(key, k -> new AtomicLong());
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          count.addAndGet(n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count.addAndGet(skipped);
        return skipped;
      }
    };
  }
}
