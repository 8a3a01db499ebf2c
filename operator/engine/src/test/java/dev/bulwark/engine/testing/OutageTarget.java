package dev.bulwark.engine.testing;

import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.ObjectPage;
import dev.bulwark.engine.target.ObjectWriter;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A store that goes down in the middle of a job and comes back later, as in a network or server
 * outage: the one outage starts at the first upload of a key that the trigger accepts, and from
 * then on every call (that upload's commit included) fails with "store unreachable" until {@link
 * #recover()}. Nothing is kinder than a real outage: no call half-succeeds.
 */
public final class OutageTarget extends ForwardingTarget {
  private final Predicate<String> trigger;
  private volatile boolean started;
  private volatile boolean down;

  public OutageTarget(Target delegate, Predicate<String> trigger) {
    super(delegate);
    this.trigger = trigger;
  }

  /** Ends the outage. */
  public void recover() {
    down = false;
  }

  /** Whether the outage has started and not ended. */
  public boolean isDown() {
    return down;
  }

  private void reachable(String key) throws IOException {
    if (down) {
      throw new IOException(describe() + ": store unreachable (" + key + ")");
    }
  }

  @Override
  public ObjectWriter create(String key, Map<String, String> tags) throws IOException {
    reachable(key);
    ObjectWriter inner = delegate.create(key, tags);
    if (!started && trigger.test(key)) {
      started = true;
      down = true;
    }
    return new ObjectWriter() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          reachable(key);
        } catch (IOException e) {
          inner.abort();
          throw e;
        }
        inner.write(b, off, len);
      }

      @Override
      public void commit() throws IOException {
        try {
          reachable(key);
        } catch (IOException e) {
          inner.abort();
          throw e;
        }
        inner.commit();
      }

      @Override
      public void abort() {
        // The local temporary file goes away; on a real store the incomplete upload would stay
        // until the next job's abortIncompleteWrites.
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
    reachable(key);
    super.replace(key, content);
  }

  @Override
  public InputStream get(String key) throws IOException {
    reachable(key);
    return super.get(key);
  }

  @Override
  public InputStream getRange(String key, long offset, long length) throws IOException {
    reachable(key);
    return super.getRange(key, offset, length);
  }

  @Override
  public Optional<ObjectInfo> head(String key) throws IOException {
    reachable(key);
    return super.head(key);
  }

  @Override
  public ObjectPage list(String prefix, String startAfter, int maxKeys) throws IOException {
    reachable(prefix);
    return super.list(prefix, startAfter, maxKeys);
  }

  @Override
  public void delete(String key) throws IOException {
    reachable(key);
    super.delete(key);
  }

  @Override
  public Map<String, String> tags(String key) throws IOException {
    reachable(key);
    return super.tags(key);
  }

  @Override
  public void setTags(String key, Map<String, String> tags) throws IOException {
    reachable(key);
    super.setTags(key, tags);
  }

  @Override
  public void abortIncompleteWrites(String keyPrefix) throws IOException {
    reachable(keyPrefix);
    super.abortIncompleteWrites(keyPrefix);
  }
}
