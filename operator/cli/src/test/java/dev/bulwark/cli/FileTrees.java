package dev.bulwark.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Source trees for fault trials: made from a seed, changed between trials, compared byte for byte.
 */
final class FileTrees {
  private FileTrees() {}

  /** Writes {@code files} files of 0 to {@code maxBytes} random bytes under {@code root}. */
  static void create(Path root, Random random, int files, int maxBytes) throws IOException {
    for (int i = 0; i < files; i++) {
      write(root.resolve("d" + (i % 5) + "/f" + i + ".bin"), random, maxBytes);
    }
  }

  /** Rewrites a few files and adds one, so the next backup has new content to store. */
  static void change(Path root, Random random, int maxBytes) throws IOException {
    List<Path> files = regularFiles(root);
    for (int i = 0; i < 3 && !files.isEmpty(); i++) {
      write(files.get(random.nextInt(files.size())), random, maxBytes);
    }
    write(root.resolve("new/n" + Math.abs(random.nextLong()) + ".bin"), random, maxBytes);
  }

  private static void write(Path file, Random random, int maxBytes) throws IOException {
    byte[] bytes = new byte[random.nextInt(maxBytes + 1)];
    random.nextBytes(bytes);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  /**
   * Differences between the regular files of two trees (relative path and bytes), at most a few;
   * empty when they are the same.
   */
  static List<String> differences(Path expected, Path actual) throws IOException {
    TreeMap<String, Path> want = index(expected);
    TreeMap<String, Path> got = index(actual);
    List<String> out = new ArrayList<>();
    for (String name : want.keySet()) {
      if (!got.containsKey(name)) {
        out.add("missing " + name);
      } else if (Files.mismatch(want.get(name), got.get(name)) != -1) {
        out.add("different bytes in " + name);
      }
    }
    for (String name : got.keySet()) {
      if (!want.containsKey(name)) {
        out.add("unexpected " + name);
      }
    }
    return out.size() > 5 ? out.subList(0, 5) : out;
  }

  /**
   * Files under {@code partial} (a restore that was killed) whose bytes differ from the same file
   * of {@code expected}: a restore may stop half way, but a file under its own name is complete.
   */
  static List<String> incompleteFiles(Path expected, Path partial) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(partial)) {
      return out;
    }
    for (var entry : index(partial).entrySet()) {
      Path source = expected.resolve(entry.getKey());
      if (entry.getValue().getFileName().toString().startsWith(".bulwark-restore")) {
        continue; // a temporary file of the restore, never a file under its own name
      }
      if (!Files.isRegularFile(source) || Files.mismatch(source, entry.getValue()) != -1) {
        out.add(entry.getKey());
      }
    }
    return out;
  }

  private static TreeMap<String, Path> index(Path root) throws IOException {
    TreeMap<String, Path> files = new TreeMap<>();
    for (Path file : regularFiles(root)) {
      files.put(root.relativize(file).toString(), file);
    }
    return files;
  }

  private static List<Path> regularFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
