package dev.bulwark.engine.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * All-or-nothing file writes, the one way Bulwark replaces a file outside a target: the new bytes
 * go to a temporary file in the same directory ({@code .<name>.bulwark-<random>.tmp}), are flushed
 * to disk and renamed over the file; then the directory is flushed, so the rename survives a power
 * cut. Readers see the old content or the new, never a mix; a crash leaves the old file whole and
 * at most a temporary file, which {@link #removeLeftovers} deletes.
 */
public final class AtomicFiles {
  /** Every temporary file ends with this, so listings and cleanup can tell them apart. */
  public static final String TEMP_SUFFIX = ".tmp";

  private static final String TEMP_MARK = ".bulwark-";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<PosixFilePermission> READABLE_BY_ALL =
      PosixFilePermissions.fromString("rw-r--r--");

  private enum Permissions {
    /** What the process's umask gives a new file. */
    DEFAULT,
    /** rw-r--r-- whatever the umask: files CI and other users read. */
    READABLE_BY_ALL,
    /** Those of the file being replaced, and its owner and group where the process may. */
    OF_REPLACED_FILE
  }

  private AtomicFiles() {}

  /** Writes {@code file}, new or not, all or nothing (records, journals, state files). */
  public static void write(Path file, byte[] bytes) throws IOException {
    write(file, bytes, Permissions.DEFAULT);
  }

  /**
   * Writes {@code file} like {@link #write}, calling {@code halfWritten} once half of the bytes are
   * in the temporary file: crash tests kill the process there to show a torn write is never seen.
   */
  public static void write(Path file, byte[] bytes, Runnable halfWritten) throws IOException {
    write(file, bytes, Permissions.DEFAULT, halfWritten);
  }

  /**
   * Writes {@code file} like {@link #write}, readable by everyone ({@code rw-r--r--}) whatever the
   * umask: status and gate files are read by CI and by users other than the operator's.
   */
  public static void writeReadableByAll(Path file, byte[] bytes) throws IOException {
    write(file, bytes, Permissions.READABLE_BY_ALL);
  }

  /**
   * Replaces {@code file} (which must exist and be writable) with {@code bytes}, keeping its
   * permissions, and its owner and group where the process may set them.
   */
  public static void replace(Path file, byte[] bytes) throws IOException {
    if (!Files.isWritable(file)) {
      throw new AccessDeniedException(file.toString(), null, "the file is not writable");
    }
    write(file, bytes, Permissions.OF_REPLACED_FILE);
  }

  /** Deletes temporary files a crashed write of {@code file} left beside it. */
  public static void removeLeftovers(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      return;
    }
    String prefix = "." + file.getFileName() + TEMP_MARK;
    try (DirectoryStream<Path> leftovers =
        Files.newDirectoryStream(
            dir,
            p -> {
              String name = p.getFileName().toString();
              return name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX);
            })) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  private static void write(Path file, byte[] bytes, Permissions permissions) throws IOException {
    write(file, bytes, permissions, null);
  }

  private static void write(Path file, byte[] bytes, Permissions permissions, Runnable halfWritten)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    Path temp =
        dir.resolve(
            "." + file.getFileName() + TEMP_MARK + HexFormat.of().formatHex(random) + TEMP_SUFFIX);
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (halfWritten != null) {
          buffer.limit(bytes.length / 2);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(false);
          halfWritten.run();
          buffer.limit(bytes.length);
        }
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        switch (permissions) {
          case READABLE_BY_ALL -> makeReadableByAll(temp);
          case OF_REPLACED_FILE -> copyOwnership(file, temp);
          case DEFAULT -> {}
        }
        // With the metadata (force(true)), so the permissions are on disk before the rename.
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        // A file system without atomic rename within a directory: the plain rename is the best
        // it offers, and still never leaves a half-written file under the real name.
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    syncDirectory(dir);
  }

  private static void makeReadableByAll(Path temp) throws IOException {
    if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(temp, READABLE_BY_ALL);
    }
  }

  private static void copyOwnership(Path from, Path to) throws IOException {
    PosixFileAttributeView source =
        Files.getFileAttributeView(from, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (source == null) {
      return;
    }
    PosixFileAttributes attributes = source.readAttributes();
    PosixFileAttributeView target =
        Files.getFileAttributeView(to, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    target.setPermissions(attributes.permissions());
    try {
      if (!attributes.owner().equals(Files.getOwner(to))) {
        target.setOwner(attributes.owner());
      }
      target.setGroup(attributes.group());
    } catch (IOException e) {
      // Only a privileged process can give a file away; the bytes and permissions are what matter.
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some file systems (and Windows) cannot open or flush a directory; the rename is atomic.
    }
  }
}
