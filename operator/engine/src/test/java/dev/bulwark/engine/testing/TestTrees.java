package dev.bulwark.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Builds real file trees for tests and compares two trees entry by entry. */
public final class TestTrees {
  private TestTrees() {}

  public static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  public static Path write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    return file;
  }

  public static void chmod(Path p, String perms) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
  }

  public static void touch(Path p, Instant mtime) throws IOException {
    Files.setLastModifiedTime(p, FileTime.from(mtime));
  }

  /** Writes {@code size} incompressible pseudo-random bytes, streaming. */
  public static Path randomFile(Path file, long size, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    SplittableRandom random = new SplittableRandom(seed);
    byte[] buffer = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      long left = size;
      while (left > 0) {
        for (int i = 0; i < buffer.length; i += 8) {
          long v = random.nextLong();
          for (int b = 0; b < 8; b++) {
            buffer[i + b] = (byte) (v >>> (8 * b));
          }
        }
        int n = (int) Math.min(buffer.length, left);
        out.write(buffer, 0, n);
        left -= n;
      }
    }
    return file;
  }

  /** A varied tree: nested dirs, JSON, empty file, unicode names, a long name, symlinks. */
  public static void sampleTree(Path root) throws IOException {
    write(root.resolve("exams/e1.json"), "{\"schema_version\":1,\"exam\":\"e1\"}");
    write(root.resolve("exams/e2.json"), "{\"schema_version\":1,\"exam\":\"e2\"}".repeat(500));
    write(root.resolve("empty.txt"), "");
    write(root.resolve("学生/档案 1.json"), "{\"name\":\"张三\"}");
    write(root.resolve("naïve café/ünïcødé.txt"), "unicode");
    String longName = "n".repeat(120) + ".txt";
    write(root.resolve("long/" + "d".repeat(90) + "/" + longName), "long name");
    Path deep = root;
    for (int i = 0; i < 40; i++) {
      deep = deep.resolve("level" + i);
    }
    write(deep.resolve("bottom.txt"), "deep");
    Files.createDirectories(root.resolve("empty-dir"));
    write(root.resolve("scripts/run.sh"), "#!/bin/sh\necho hi\n");
    chmod(root.resolve("scripts/run.sh"), "rwxr-x---");
    write(root.resolve("secret.txt"), "secret");
    chmod(root.resolve("secret.txt"), "rw-------");
    Files.createSymbolicLink(root.resolve("link-to-e1"), Path.of("exams/e1.json"));
    Files.createSymbolicLink(root.resolve("exams/up-link"), Path.of("../secret.txt"));
    touch(root.resolve("exams/e1.json"), Instant.parse("2024-01-02T03:04:05.123456789Z"));
  }

  /** Asserts that {@code actual} holds exactly what {@code expected} holds. */
  public static void assertSameTree(Path expected, Path actual) throws IOException {
    assertSameTree(expected, actual, false);
  }

  /**
   * As {@link #assertSameTree}, with every mtime compared to the microsecond: files restored onto
   * another file system than the destination's root get their times through directory handles.
   */
  public static void assertSameTreeWithTimesToTheMicrosecond(Path expected, Path actual)
      throws IOException {
    assertSameTree(expected, actual, true);
  }

  private static void assertSameTree(Path expected, Path actual, boolean micros)
      throws IOException {
    TreeMap<String, String> want = describe(expected, micros);
    TreeMap<String, String> got = describe(actual, micros);
    assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
    for (String rel : want.keySet()) {
      assertThat(got.get(rel)).as(rel).isEqualTo(want.get(rel));
      Path e = expected.resolve(rel);
      if (Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
        assertThat(Files.mismatch(e, actual.resolve(rel))).as("content of " + rel).isEqualTo(-1L);
      }
    }
  }

  private static TreeMap<String, String> describe(Path root, boolean micros) throws IOException {
    TreeMap<String, String> map = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(root)) {
          continue;
        }
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String rel = root.relativize(p).toString();
        if (a.isSymbolicLink()) {
          map.put(rel, "link->" + Files.readSymbolicLink(p));
        } else {
          String perms =
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
          Instant modified = a.lastModifiedTime().toInstant();
          if (a.isDirectory() || micros) {
            // Directory times are set through directory handles, to the microsecond on Java 17
            // (docs/format.md, "Restore"); file times to the nanosecond.
            modified = modified.truncatedTo(ChronoUnit.MICROS);
          }
          String mtime = modified.toString();
          map.put(rel, (a.isDirectory() ? "dir " : "file " + a.size() + " ") + perms + " " + mtime);
        }
      }
    }
    return map;
  }
}
