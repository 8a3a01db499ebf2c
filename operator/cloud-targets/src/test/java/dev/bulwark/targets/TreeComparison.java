package dev.bulwark.targets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Asserts that a restored tree is the tree that was backed up: the same entries, each with the same
 * type, mode, mtime (to the nanosecond) and symlink target, and every file byte for byte.
 */
public final class TreeComparison {
  private TreeComparison() {}

  /** Fails unless {@code actual} holds exactly what {@code expected} holds. */
  public static void assertSameTree(Path expected, Path actual) throws IOException {
    TreeMap<String, String> want = describe(expected);
    TreeMap<String, String> got = describe(actual);
    assertThat(got.keySet()).as("entries under " + actual).containsExactlyElementsOf(want.keySet());
    for (String relative : want.keySet()) {
      assertThat(got.get(relative)).as(relative).isEqualTo(want.get(relative));
      Path file = expected.resolve(relative);
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        assertThat(Files.mismatch(file, actual.resolve(relative)))
            .as("first differing byte of " + relative)
            .isEqualTo(-1L);
      }
    }
  }

  /** One line per entry below {@code root}: type, size, mode and mtime, or the link target. */
  private static TreeMap<String, String> describe(Path root) throws IOException {
    TreeMap<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(root)) {
          continue;
        }
        PosixFileAttributes a =
            Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String relative = root.relativize(p).toString();
        if (a.isSymbolicLink()) {
          entries.put(relative, "symlink -> " + Files.readSymbolicLink(p));
        } else {
          entries.put(
              relative,
              (a.isDirectory() ? "dir" : "file " + a.size())
                  + " "
                  + PosixFilePermissions.toString(a.permissions())
                  + " "
                  + a.lastModifiedTime().toInstant());
        }
      }
    }
    return entries;
  }
}
