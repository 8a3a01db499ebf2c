package dev.bulwark.engine.restore;

/**
 * Decides whether a manifest's archive paths stay inside a restore destination and its symlinks can
 * be made. Purely lexical, so it judges a crafted manifest before anything is written.
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
   * Why a symlink pointing to {@code link} cannot be restored, or null when it can. A symlink is
   * restored with its target text verbatim, absolute or leading out of the destination alike:
   * restore never follows a link when it writes, so where a link points is the data's business.
   * Only a target that no symlink can have is refused.
   */
  public static String linkProblem(String link) {
    if (link == null || link.isEmpty()) {
      return "symlink has an empty target";
    }
    if (link.indexOf('\0') >= 0) {
      return "symlink target contains a NUL byte";
    }
    return null;
  }
}
