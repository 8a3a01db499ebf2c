package dev.bulwark.targets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The source tree the engine suites back up: nested directories, unicode names, empty files and an
 * empty directory, a symlink inside the tree, modes, nanosecond mtimes and a few MiB of random
 * (incompressible) data. Also the two rounds of changes an incremental chain sees, and a copy that
 * keeps everything a restore must reproduce.
 */
public final class SourceTree {
  /** The random file, big enough to be streamed in its own frames (stored verbatim by zstd). */
  public static final String RANDOM_FILE = "media/random.bin";

  /** A small file for one-path (L1) restores. */
  public static final String SMALL_FILE = "docs/notes.txt";

  private SourceTree() {}

  /** Creates the tree under {@code root} with {@code randomBytes} of random data. */
  public static void create(Path root, int randomBytes) throws IOException {
    write(root.resolve("docs/readme.md"), "# Teaching data\n".repeat(200));
    write(root.resolve(SMALL_FILE), "notes for the exam board\n");
    chmod(root.resolve(SMALL_FILE), "rw-r-----");
    touch(root.resolve(SMALL_FILE), Instant.parse("2024-01-02T03:04:05.123456789Z"));
    write(root.resolve("exams/2026/e1.json"), "{\"schema_version\":1,\"exam\":\"e1\"}");
    write(root.resolve("exams/2026/e2.json"), "{\"schema_version\":1,\"exam\":\"e2\"}".repeat(400));
    write(root.resolve("学生/档案 1.json"), "{\"name\":\"张三\"}");
    write(root.resolve("naïve café/ünïcødé.txt"), "unicode");
    write(root.resolve("empty.txt"), "");
    write(root.resolve("data/nested/deeper/empty.bin"), new byte[0]);
    Files.createDirectories(root.resolve("empty-dir"));
    write(root.resolve("scripts/run.sh"), "#!/bin/sh\necho hi\n");
    chmod(root.resolve("scripts/run.sh"), "rwxr-x---");
    write(root.resolve("private/secret.txt"), "secret");
    chmod(root.resolve("private/secret.txt"), "rw-------");
    randomFile(root.resolve(RANDOM_FILE), randomBytes, 42);
    Files.createSymbolicLink(root.resolve("current-exam"), Path.of("exams/2026/e1.json"));
    touch(root.resolve("exams/2026"), Instant.parse("2025-06-07T08:09:10.987654321Z"));
  }

  /**
   * The first round of changes: one file modified, one re-moded, one touched, a file and a
   * directory added, a file deleted and the symlink pointed elsewhere.
   */
  public static void changeFirst(Path root) throws IOException {
    write(root.resolve("exams/2026/e1.json"), "{\"schema_version\":2,\"exam\":\"e1\"}");
    chmod(root.resolve("scripts/run.sh"), "rwx------");
    touch(root.resolve("docs/readme.md"), Instant.parse("2026-11-28T01:02:03.000000001Z"));
    write(root.resolve("exams/2026/e3.json"), "{\"exam\":\"e3\"}");
    write(root.resolve("reports/q1/summary.csv"), "exam,mean\ne1,71.5\n");
    Files.delete(root.resolve("private/secret.txt"));
    Files.delete(root.resolve("current-exam"));
    Files.createSymbolicLink(root.resolve("current-exam"), Path.of("exams/2026/e3.json"));
  }

  /** The second round: a directory tree deleted, a file added, a file appended to. */
  public static void changeSecond(Path root) throws IOException {
    deleteTree(root.resolve("naïve café"));
    write(root.resolve("学生/档案 2.json"), "{\"name\":\"李四\"}");
    Files.writeString(
        root.resolve(SMALL_FILE), "and a second line\n", java.nio.file.StandardOpenOption.APPEND);
  }

  /** {@code cp -a}: a copy that keeps modes, nanosecond times and symlinks, to compare against. */
  public static void copy(Path from, Path to) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("cp", "-a", from.toString(), to.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("cp -a " + from + " " + to + " failed: " + out);
    }
  }

  /** Writes {@code size} pseudo-random bytes, streaming. */
  public static Path randomFile(Path file, long size, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    SplittableRandom random = new SplittableRandom(seed);
    byte[] buffer = new byte[1 << 16];
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

  private static void write(Path file, String content) throws IOException {
    write(file, content.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  private static void chmod(Path path, String permissions) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
  }

  private static void touch(Path path, Instant mtime) throws IOException {
    Files.setLastModifiedTime(path, FileTime.from(mtime));
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
