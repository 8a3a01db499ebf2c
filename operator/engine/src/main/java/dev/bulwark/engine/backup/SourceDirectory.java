package dev.bulwark.engine.backup;

import dev.bulwark.engine.format.SourcePriority;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A directory to back up, with its data domain, priority and glob filters.
 *
 * <p>Globs use {@link java.nio.file.FileSystem#getPathMatcher} "glob:" syntax. A pattern without
 * '/' matches an entry's name at any depth ({@code *.tmp}); a pattern with '/' matches its path
 * relative to the source ({@code cache/**}). An excluded directory is not descended into. When
 * {@code include} is not empty, only files and symlinks matching one of its patterns are kept
 * (directories are always walked).
 *
 * @param path the directory (made absolute); it is resolved if it is a symlink, but nothing below
 *     it is ever followed
 * @param domain data domain (raw, derived, serving, student_profiles, ...)
 * @param priority P0 sources are read first
 * @param include patterns a file must match (empty: everything)
 * @param exclude patterns that drop an entry
 */
public record SourceDirectory(
    Path path, String domain, SourcePriority priority, List<String> include, List<String> exclude) {

  public SourceDirectory {
    Objects.requireNonNull(path, "path");
    path = path.toAbsolutePath().normalize();
    if (domain == null || !domain.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw new IllegalArgumentException(
          "source "
              + path
              + ": domain '"
              + domain
              + "' must be 1-63 letters, digits, '.', '_' or '-'");
    }
    Objects.requireNonNull(priority, "priority");
    include = List.copyOf(include == null ? List.of() : include);
    exclude = List.copyOf(exclude == null ? List.of() : exclude);
  }

  /** A source without filters. */
  public static SourceDirectory of(Path path, String domain, SourcePriority priority) {
    return new SourceDirectory(path, domain, priority, List.of(), List.of());
  }

  /**
   * The archive path of the source directory: its absolute path without the leading '/', e.g.
   * {@code data/raw} for {@code /data/raw} ("" for the root directory).
   */
  public String archivePath() {
    String s = path.toString().replace('\\', '/');
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    return s;
  }
}
