package dev.bulwark.core.migration;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * All-or-nothing file replacement: the new bytes go to a temporary file in the same directory
 * ({@code .<name>.bulwark-<random>.tmp}), are flushed to disk, get the old file's permissions and
 * owner, and are renamed over the old file; then the directory is flushed, so the rename survives a
 * power cut. A crash leaves the old file whole and at most a temporary file, which {@link
 * #removeLeftovers} deletes.
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String TEMP_MARK = ".bulwark-";

  private AtomicFiles() {}

  /** Replaces {@code file} (which must exist and be writable) with {@code bytes}. */
  public static void replace(Path file, byte[] bytes) throws IOException {
    if (!Files.isWritable(file)) {
      throw new AccessDeniedException(file.toString(), null, "the file is not writable");
    }
    write(file, bytes, true);
  }

  /** Writes {@code file}, new or not, all or nothing (records and journals). */
  public static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    write(file, bytes, false);
  }

  private static void write(Path file, byte[] bytes, boolean keepOwnership) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    Path temp =
        dir.resolve(
            "." + file.getFileName() + TEMP_MARK + HexFormat.of().formatHex(random) + ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (keepOwnership) {
        copyOwnership(file, temp);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    syncDirectory(dir);
  }

  /** Deletes temporary files a crashed replacement of {@code file} left beside it. */
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
              return name.startsWith(prefix) && name.endsWith(".tmp");
            })) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover);
      }
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
    } catch (IOException e) {
      // Some file systems cannot open or flush a directory; the rename itself is still atomic.
    }
  }
}
