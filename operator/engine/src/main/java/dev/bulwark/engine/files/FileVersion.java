package dev.bulwark.engine.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;

/**
 * What tells one version of a file from another without reading it: modification time, size and
 * identity (the inode on Linux). An atomic replace ({@link AtomicFiles}) always makes a new
 * identity, so a replaced file never looks unchanged even within one clock tick; an edit in place
 * changes the modification time or the size. Caches of parsed files compare it to decide whether to
 * read again. Links are followed, so a Kubernetes ConfigMap volume (files that are links into a
 * folder swapped on update) reads as changed when its content is.
 *
 * @param modified the last modification time
 * @param size the size in bytes
 * @param identity the file system's key for the file, as text; "" where it has none
 */
public record FileVersion(FileTime modified, long size, String identity) {
  /** A version from its parts. */
  public FileVersion {
    Objects.requireNonNull(modified, "modified");
    Objects.requireNonNull(identity, "identity");
  }

  /**
   * The current version of {@code file}; empty when it does not exist.
   *
   * @throws IOException when its attributes cannot be read
   */
  public static Optional<FileVersion> of(Path file) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      Object key = attributes.fileKey();
      return Optional.of(
          new FileVersion(
              attributes.lastModifiedTime(), attributes.size(), key == null ? "" : key.toString()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** The current version of {@code file}; empty when it does not exist or cannot be examined. */
  public static Optional<FileVersion> ofOrEmpty(Path file) {
    try {
      return of(file);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
