package dev.bulwark.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * One flipped byte in an object of a local repository, the way a disk or a store corrupts data
 * silently; {@link #undo()} puts the byte back so later trials start from a sound repository.
 *
 * @param key the object's key (its path under the repository root)
 * @param kind what the object is: pack, manifest, catalog or latest
 */
record ByteFlip(Path file, String key, String kind, long offset, byte original) {
  /** The kinds of stored object a flip may hit, cycled through so that a short run covers all. */
  static final List<String> KINDS = List.of("pack", "manifest", "catalog", "latest");

  /** Flips a random byte of a random object of {@code kind} under {@code repository}. */
  static ByteFlip inject(Path repository, String kind, Random random) throws IOException {
    List<Path> candidates;
    try (Stream<Path> walk = Files.walk(repository)) {
      candidates =
          walk.filter(Files::isRegularFile)
              .filter(p -> !repository.relativize(p).toString().startsWith("."))
              .filter(p -> kind.equals(kindOf(repository.relativize(p).toString())))
              .sorted()
              .toList();
    }
    if (candidates.isEmpty()) {
      throw new IllegalStateException("no " + kind + " object under " + repository);
    }
    Path file = candidates.get(random.nextInt(candidates.size()));
    long size = Files.size(file);
    long offset = (long) (random.nextDouble() * size);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      byte original = raf.readByte();
      raf.seek(offset);
      raf.writeByte(original ^ (1 + random.nextInt(255)));
      return new ByteFlip(file, repository.relativize(file).toString(), kind, offset, original);
    }
  }

  /** Puts the original byte back. */
  void undo() throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      raf.writeByte(original);
    }
  }

  private static String kindOf(String key) {
    if (key.contains("/packs/")) {
      return "pack";
    }
    if (key.endsWith("/backup_manifest.json")) {
      return "manifest";
    }
    if (key.contains("/catalog/")) {
      return "catalog";
    }
    if (key.contains("/state/") && key.contains("latest_")) {
      return "latest";
    }
    return "other";
  }
}
