package dev.bulwark.targets;

import dev.bulwark.engine.target.Target;
import dev.bulwark.engine.testing.ForwardingTarget;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A target that passes every call to the store it wraps and records the reads, so a test can tell
 * whole-object GETs from ranged ones. Closing it leaves the wrapped store open.
 */
public final class RecordingTarget extends ForwardingTarget {
  /** One ranged read. */
  public record RangedRead(String key, long offset, long length) {}

  private final List<String> wholeReads = new CopyOnWriteArrayList<>();
  private final List<RangedRead> rangedReads = new CopyOnWriteArrayList<>();

  public RecordingTarget(Target store) {
    super(store);
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
  public InputStream get(String key) throws IOException {
    wholeReads.add(key);
    return delegate.get(key);
  }

  @Override
  public InputStream getRange(String key, long offset, long length) throws IOException {
    rangedReads.add(new RangedRead(key, offset, length));
    return delegate.getRange(key, offset, length);
  }
}
