package dev.bulwark.core.replay;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A partition's inputs copied into scratch space and made read-only, so the analyzer reads exactly
 * what was hashed and can never change the raw tree (or the sandbox a snapshot was restored to).
 * The copies are hashed again after the analyzer ran: a changed input fails the partition.
 */
final class StagedInputs {
  private StagedInputs() {}

  /**
   * Copies {@code inputs} (relative to {@code root}) into {@code stage}, read-only, and hashes
   * them.
   */
  static List<FileDigest> stage(Path root, List<String> inputs, Path stage) throws IOException {
    List<FileDigest> digests = new ArrayList<>();
    Files.createDirectories(stage);
    for (String input : inputs) {
      Path copy = stage.resolve(input);
      Files.createDirectories(copy.getParent());
      Files.copy(root.resolve(input), copy);
      digests.add(FileDigest.of(copy, input));
    }
    Files.walkFileTree(
        stage,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            permissions(file, "r--r--r--");
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            permissions(dir, "r-xr-xr-x");
            return FileVisitResult.CONTINUE;
          }
        });
    return digests;
  }

  /** The inputs of {@code staged} as they are now; equal to the staged digests when untouched. */
  static List<FileDigest> rehash(Path stage, List<FileDigest> staged) throws IOException {
    List<FileDigest> now = new ArrayList<>();
    for (FileDigest digest : staged) {
      Path file = stage.resolve(digest.path());
      now.add(
          Files.isRegularFile(file)
              ? FileDigest.of(file, digest.path())
              : new FileDigest(digest.path(), "", -1));
    }
    return now;
  }

  /** Removes {@code dir} and everything below it, read-only parts included; missing is fine. */
  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
              throws IOException {
            permissions(d, "rwx------");
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            try {
              Files.deleteIfExists(d);
            } catch (NoSuchFileException gone) {
              // removed meanwhile: the goal is reached
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void permissions(Path path, String posix) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(posix));
    } catch (UnsupportedOperationException e) {
      // a file system without POSIX permissions: the re-hash after the run still guards the inputs
      path.toFile().setWritable(posix.charAt(1) == 'w');
    }
  }
}
