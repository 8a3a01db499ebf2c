package dev.bulwark.core.drills;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fresh directory a drill restores into. It must not exist or be empty, so a drill never mixes
 * its restore with older files (nor deletes files it did not write); {@link #close} removes what
 * the drill wrote, and the directory itself unless it existed before (e.g. a mounted volume).
 */
final class Sandbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

  private final Path dir;
  private final boolean created;

  private Sandbox(Path dir, boolean created) {
    this.dir = dir;
    this.created = created;
  }

  /** Takes {@code dir} as the sandbox: created when missing, refused when it holds anything. */
  static Sandbox prepare(Path dir) throws DrillFailure {
    Path absolute = dir.toAbsolutePath().normalize();
    String remedy =
        "empty or remove "
            + absolute
            + ", or point spec.sandbox at a directory that does not exist";
    try {
      if (Files.exists(absolute)) {
        if (!Files.isDirectory(absolute)) {
          throw new DrillFailure("sandbox " + absolute + " exists and is not a directory", remedy);
        }
        try (Stream<Path> entries = Files.list(absolute)) {
          if (entries.findAny().isPresent()) {
            throw new DrillFailure(
                "sandbox "
                    + absolute
                    + " exists and is not empty; a drill restores into a"
                    + " fresh directory only",
                remedy);
          }
        }
        return new Sandbox(absolute, false);
      }
      Files.createDirectories(absolute);
      return new Sandbox(absolute, true);
    } catch (IOException e) {
      throw new DrillFailure(
          "cannot create sandbox " + absolute + ": " + e.getMessage(),
          "make the parent of the sandbox writable for the operator, or set spec.sandbox",
          e);
    }
  }

  /** The directory restored into. */
  Path dir() {
    return dir;
  }

  /**
   * Removes everything in the sandbox (and the sandbox if this drill created it); logs what it
   * cannot.
   */
  @Override
  public void close() {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
                throws IOException {
              // A restored directory may be read-only (mode 0555): its entries could not be
              // removed.
              Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(d));
              if (perms.addAll(
                  Set.of(
                      PosixFilePermission.OWNER_READ,
                      PosixFilePermission.OWNER_WRITE,
                      PosixFilePermission.OWNER_EXECUTE))) {
                Files.setPosixFilePermissions(d, perms);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException failure)
                throws IOException {
              if (failure != null) {
                throw failure;
              }
              if (created || !d.equals(dir)) {
                Files.delete(d);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (DirectoryNotEmptyException e) {
      LOG.error("sandbox {} could not be removed completely: {} is not empty", dir, e.getFile());
    } catch (IOException | RuntimeException e) {
      LOG.error("sandbox {} could not be removed completely: {}", dir, e.getMessage());
    }
  }
}
