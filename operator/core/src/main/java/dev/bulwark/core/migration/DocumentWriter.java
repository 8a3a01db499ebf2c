package dev.bulwark.core.migration;

import dev.bulwark.engine.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/** Replaces an object's bytes; implementations must never leave it half-written. */
@FunctionalInterface
public interface DocumentWriter {
  /** Replaces the content of {@code file} with {@code bytes}, all or nothing. */
  void replace(Path file, byte[] bytes) throws IOException;

  /** The real writer: {@link AtomicFiles#replace}. */
  static DocumentWriter atomic() {
    return AtomicFiles::replace;
  }
}
