package dev.bulwark.manifests;

import java.nio.file.Path;

/**
 * A line in a manifest file, printed as {@code file:line} with the file relative to the working
 * directory when it lies below it (as users typed it), absolute otherwise.
 *
 * @param file the manifest file
 * @param line 1-based line
 */
public record SourceLocation(Path file, int line) {

  /** {@code file:line}, the prefix of every message that points into a manifest. */
  @Override
  public String toString() {
    return displayPath(file) + ":" + line;
  }

  /** The path as a user would type it: relative to the working directory when below it. */
  public static String displayPath(Path file) {
    if (!file.isAbsolute()) {
      return file.normalize().toString();
    }
    Path cwd = Path.of("").toAbsolutePath();
    Path normalized = file.normalize();
    return normalized.startsWith(cwd)
        ? cwd.relativize(normalized).toString()
        : normalized.toString();
  }
}
