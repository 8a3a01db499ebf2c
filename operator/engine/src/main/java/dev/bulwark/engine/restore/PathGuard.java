package dev.bulwark.engine.restore;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides whether a manifest's archive paths and symlink targets stay inside a restore
 * destination. Purely lexical, so it judges a crafted manifest before anything is written.
 */
public final class PathGuard {
  private PathGuard() {}

  /** Why {@code path} is not a safe archive path, or null when it is. */
  public static String pathProblem(String path) {
    if (path == null || path.isEmpty()) {
      return "empty path";
    }
    if (path.indexOf('\0') >= 0) {
      return "path contains a NUL byte";
    }
    if (path.startsWith("/")) {
      return "absolute path";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return "path contains '..'";
      }
      if (segment.isEmpty() || segment.equals(".")) {
        return "path has an empty or '.' segment";
      }
    }
    return null;
  }

  /**
   * Why a symlink at {@code path} pointing to {@code link} escapes the destination, or null when
   * its target resolves inside it.
   */
  public static String linkProblem(String path, String link) {
    if (link == null || link.isEmpty()) {
      return "symlink has an empty target";
    }
    if (link.indexOf('\0') >= 0) {
      return "symlink target contains a NUL byte";
    }
    if (link.startsWith("/")) {
      return "symlink points to absolute path " + link + ", outside the destination";
    }
    Deque<String> stack = new ArrayDeque<>();
    String[] parts = path.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      stack.addLast(parts[i]);
    }
    for (String segment : link.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (stack.isEmpty()) {
          return "symlink target " + link + " escapes the destination";
        }
        stack.removeLast();
      } else {
        stack.addLast(segment);
      }
    }
    return null;
  }
}
