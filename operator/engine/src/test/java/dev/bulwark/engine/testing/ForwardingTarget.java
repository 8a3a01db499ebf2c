package dev.bulwark.engine.testing;

import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.ObjectPage;
import dev.bulwark.engine.target.ObjectWriter;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** A target that passes every call to another; tests override the calls they observe or break. */
public abstract class ForwardingTarget implements Target {
  protected final Target delegate;

  protected ForwardingTarget(Target delegate) {
    this.delegate = delegate;
  }

  @Override
  public String provider() {
    return delegate.provider();
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public ObjectWriter create(String key, Map<String, String> tags) throws IOException {
    return delegate.create(key, tags);
  }

  @Override
  public void replace(String key, byte[] content) throws IOException {
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
