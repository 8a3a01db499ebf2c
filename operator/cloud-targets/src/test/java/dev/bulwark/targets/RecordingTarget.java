package dev.bulwark.targets;

import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.ObjectPage;
import dev.bulwark.engine.target.ObjectWriter;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A target that passes every call to the store it wraps and records the reads, so a test can tell
 * whole-object GETs from ranged ones. Closing it leaves the wrapped store open.
 */
public final class RecordingTarget implements Target {
  /** One ranged read. */
  public record RangedRead(String key, long offset, long length) {}

  private final Target store;
  private final List<String> wholeReads = new CopyOnWriteArrayList<>();
  private final List<RangedRead> rangedReads = new CopyOnWriteArrayList<>();

  public RecordingTarget(Target store) {
    this.store = store;
  }

  /** Keys opened whole, in call order. */
  public List<String> wholeReads() {
    return List.copyOf(wholeReads);
  }

  /** Ranges opened, in call order. */
  public List<RangedRead> rangedReads() {
    return List.copyOf(rangedReads);
  }

  @Override
  public String provider() {
    return store.provider();
  }

  @Override
  public String describe() {
    return store.describe();
  }

  @Override
  public ObjectWriter create(String key, Map<String, String> tags) throws IOException {
    return store.create(key, tags);
  }

  @Override
  public void replace(String key, byte[] content) throws IOException {
    store.replace(key, content);
  }

  @Override
  public InputStream get(String key) throws IOException {
    wholeReads.add(key);
    return store.get(key);
  }

  @Override
  public InputStream getRange(String key, long offset, long length) throws IOException {
    rangedReads.add(new RangedRead(key, offset, length));
    return store.getRange(key, offset, length);
  }

  @Override
  public Optional<ObjectInfo> head(String key) throws IOException {
    return store.head(key);
  }

  @Override
  public ObjectPage list(String prefix, String startAfter, int maxKeys) throws IOException {
    return store.list(prefix, startAfter, maxKeys);
  }

  @Override
  public Iterator<ObjectInfo> listAll(String prefix) throws IOException {
    return store.listAll(prefix);
  }

  @Override
  public void delete(String key) throws IOException {
    store.delete(key);
  }

  @Override
  public Map<String, String> tags(String key) throws IOException {
    return store.tags(key);
  }

  @Override
  public void setTags(String key, Map<String, String> tags) throws IOException {
    store.setTags(key, tags);
  }

  @Override
  public void abortIncompleteWrites(String keyPrefix) throws IOException {
    store.abortIncompleteWrites(keyPrefix);
  }
}
