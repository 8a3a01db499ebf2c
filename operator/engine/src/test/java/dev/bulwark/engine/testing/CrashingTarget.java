package dev.bulwark.engine.testing;

import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.ObjectPage;
import dev.bulwark.engine.target.ObjectWriter;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target whose process "dies" at the delete after the first {@code deletesBeforeCrash}: that
 * delete and every later call fail, so nothing more reaches the store, as after a kill -9.
 */
public final class CrashingTarget extends ForwardingTarget {
  private final int deletesBeforeCrash;
  private final AtomicInteger deletes = new AtomicInteger();
  private final AtomicBoolean crashed = new AtomicBoolean();

  public CrashingTarget(Target delegate, int deletesBeforeCrash) {
    super(delegate);
    this.deletesBeforeCrash = deletesBeforeCrash;
  }

  /** Whether the simulated crash happened. */
  public boolean crashed() {
    return crashed.get();
  }

  private void alive() throws IOException {
    if (crashed.get()) {
      throw new IOException("simulated crash: the process is gone");
    }
  }

  @Override
  public ObjectWriter create(String key, Map<String, String> tags) throws IOException {
    alive();
    return super.create(key, tags);
  }

  @Override
  public void replace(String key, byte[] content) throws IOException {
    alive();
    super.replace(key, content);
  }

  @Override
  public InputStream get(String key) throws IOException {
    alive();
    return super.get(key);
  }

  @Override
  public InputStream getRange(String key, long offset, long length) throws IOException {
    alive();
    return super.getRange(key, offset, length);
  }

  @Override
  public Optional<ObjectInfo> head(String key) throws IOException {
    alive();
    return super.head(key);
  }

  @Override
  public ObjectPage list(String prefix, String startAfter, int maxKeys) throws IOException {
    alive();
    return super.list(prefix, startAfter, maxKeys);
  }

  @Override
  public void delete(String key) throws IOException {
    alive();
    if (deletes.getAndIncrement() >= deletesBeforeCrash) {
      crashed.set(true);
      throw new IOException("simulated crash before deleting " + key);
    }
    super.delete(key);
  }

  @Override
  public Map<String, String> tags(String key) throws IOException {
    alive();
    return super.tags(key);
  }

  @Override
  public void setTags(String key, Map<String, String> tags) throws IOException {
    alive();
    super.setTags(key, tags);
  }

  @Override
  public void abortIncompleteWrites(String keyPrefix) throws IOException {
    alive();
    super.abortIncompleteWrites(keyPrefix);
  }
}
