package dev.bulwark.engine.backup;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/** A source's include and exclude globs (see {@link SourceDirectory} for the matching rules). */
final class PathFilter {
  private final List<Glob> include;
  private final List<Glob> exclude;

  private record Glob(PathMatcher matcher, boolean nameOnly) {
    boolean matches(Path relative) {
      Path name = relative.getFileName();
      return nameOnly ? name != null && matcher.matches(name) : matcher.matches(relative);
    }
  }

  PathFilter(List<String> include, List<String> exclude) {
    this.include = compile(include);
    this.exclude = compile(exclude);
  }

  private static List<Glob> compile(List<String> patterns) {
    List<Glob> globs = new ArrayList<>();
    for (String pattern : patterns) {
      String p = pattern.startsWith("/") ? pattern.substring(1) : pattern;
      try {
        globs.add(new Glob(FileSystems.getDefault().getPathMatcher("glob:" + p), !p.contains("/")));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("invalid glob '" + pattern + "': " + e.getMessage(), e);
      }
    }
    return globs;
  }

  /** Whether any pattern is set (when none is, callers skip building relative paths). */
  boolean active() {
    return !include.isEmpty() || !exclude.isEmpty();
  }

  boolean excluded(Path relative) {
    for (Glob g : exclude) {
      if (g.matches(relative)) {
        return true;
      }
    }
    return false;
  }

  boolean included(Path relative) {
    if (include.isEmpty()) {
      return true;
    }
    for (Glob g : include) {
      if (g.matches(relative)) {
        return true;
      }
    }
    return false;
  }
}
