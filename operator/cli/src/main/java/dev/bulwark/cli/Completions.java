package dev.bulwark.cli;

import java.util.Iterator;
import java.util.List;

/** Values shell completion offers for options whose type is text, not an enum. */
final class Completions {
  private Completions() {}

  /** {@code --target}: the single target of a job. */
  static final class Targets implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("local", "s3", "oss").iterator();
    }
  }

  /** {@code --snapshot-type}. */
  static final class SnapshotTypes implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("incremental", "full").iterator();
    }
  }

  /** {@code --log-format}. */
  static final class LogFormats implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("text", "json").iterator();
    }
  }
}
