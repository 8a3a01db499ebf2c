package dev.bulwark.engine.restore;

import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes restored entries under a destination directory without ever writing through a symlink:
 * parent components are made real directories (a symlink or file in the way is replaced when
 * forced), files are written to a temporary name and renamed into place only after their hash
 * checked out, and symlinks are created beside their place and renamed over it.
 */
final class Destination {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;
  private final boolean force;
  private final Set<String> realDirectories = ConcurrentHashMap.newKeySet();
  /** Permission bits the process umask removes; files whose mode survives it skip a chmod. */
  private int umask = 0777;

  Destination(Path root, boolean force) {
    this.root = root;
    this.force = force;
  }

  Path root() {
    return root;
  }

  /** Learns the umask by creating a probe file: restoring 0644 files then needs no chmod. */
  void probeUmask() throws IOException {
    Path probe = root.resolve(".bulwark-restore-" + suffix() + ".probe");
    try {
      Files.createFile(probe, PosixFilePermissions.asFileAttribute(permissions(0777)));
      int created = bits(Files.getPosixFilePermissions(probe, LinkOption.NOFOLLOW_LINKS));
      umask = ~created & 0777;
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  private static int bits(Set<PosixFilePermission> perms) {
    int mode = 0;
    for (int bit = 0; bit < 9; bit++) {
      if (perms.contains(ORDER[bit])) {
        mode |= 1 << bit;
      }
    }
    return mode;
  }

  /** Makes {@code relativeDir} and its parents real directories. Single-threaded use. */
  void ensureDirectory(String relativeDir) throws IOException {
    if (relativeDir.isEmpty() || realDirectories.contains(relativeDir)) {
      return;
    }
    int slash = relativeDir.lastIndexOf('/');
    ensureDirectory(slash < 0 ? "" : relativeDir.substring(0, slash));
    Path dir = root.resolve(relativeDir);
    BasicFileAttributes attrs = lstat(dir);
    if (attrs == null) {
      try {
        Files.createDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        attrs = lstat(dir);
      }
    }
    if (attrs != null && !attrs.isDirectory()) {
      if (!force) {
        throw new IOException(dir + " exists and is not a directory");
      }
      // A symlink here is removed, never followed: deleting a link deletes only the link.
      Files.delete(dir);
      Files.createDirectory(dir);
    }
    realDirectories.add(relativeDir);
  }

  static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static BasicFileAttributes lstat(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Opens a sink for a file's bytes; {@code dryRun} sinks only hash. */
  FileSink open(FileEntry entry, boolean dryRun) throws IOException {
    if (dryRun) {
      return new FileSink(entry, null, null, false);
    }
    Path parent = root.resolve(parentOf(entry.path()));
    Path temp = parent.resolve(".bulwark-restore-" + suffix() + ".part");
    int mode = entry.modeBits() & 0777;
    FileChannel channel =
        FileChannel.open(
            temp,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            PosixFilePermissions.asFileAttribute(permissions(mode)));
    return new FileSink(entry, temp, channel, (mode & umask) != 0);
  }

  /** Creates a symlink by renaming a fresh one over the place (replacing what is there). */
  void createSymlink(FileEntry entry) throws IOException {
    Path target = root.resolve(entry.path());
    Path temp = target.resolveSibling(".bulwark-restore-" + suffix() + ".link");
    Files.createSymbolicLink(temp, Path.of(entry.link()));
    try {
      setTimes(temp, entry, LinkOption.NOFOLLOW_LINKS);
      move(temp, target);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /** Sets a directory's permissions and times (after its contents were written). */
  void applyDirectoryMetadata(FileEntry entry) throws IOException {
    Path dir = entry.path().isEmpty() ? root : root.resolve(entry.path());
    Files.setPosixFilePermissions(dir, permissions(entry.modeBits()));
    setTimes(dir, entry);
  }

  private static final PosixFilePermission[] ORDER = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
  };

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < 9; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(ORDER[bit]);
      }
    }
    return set;
  }

  private static void setTimes(Path p, FileEntry entry, LinkOption... options) throws IOException {
    FileTime mtime = FileTime.from(entry.mtimeInstant());
    Files.getFileAttributeView(p, BasicFileAttributeView.class, options).setTimes(mtime, null, null);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      // rename(2): atomic, and it replaces a symlink in the way rather than following it.
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String suffix() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A file being restored: bytes go to a temporary file while they are hashed. */
  final class FileSink {
    final FileEntry entry;
    private final Path temp;
    private final FileChannel channel;
    private final MessageDigest digest = Sha256.newDigest();
    private final boolean needsChmod;
    private long written;

    private FileSink(FileEntry entry, Path temp, FileChannel channel, boolean needsChmod) {
      this.entry = entry;
      this.temp = temp;
      this.channel = channel;
      this.needsChmod = needsChmod;
    }

    long written() {
      return written;
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
      digest.update(bytes, offset, length);
      written += length;
      if (channel != null) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    }

    /**
     * Checks size and hash; only then gives the file its mode and mtime and renames it into
     * place. Returns null on success or the reason the file was rejected (and removed).
     */
    String finish() throws IOException {
      String actual = Sha256.finish(digest);
      if (written != entry.sizeOrZero() || !actual.equals(entry.sha256())) {
        discard();
        return written != entry.sizeOrZero()
            ? "restored " + written + " bytes but the manifest says " + entry.sizeOrZero()
            : "content hash mismatch: SHA-256 " + actual + " but the manifest says "
                + entry.sha256();
      }
      if (channel == null) {
        return null;
      }
      try {
        channel.close();
        if (needsChmod) {
          Files.setPosixFilePermissions(temp, permissions(entry.modeBits()));
        }
        setTimes(temp, entry);
        move(temp, root.resolve(entry.path()));
      } catch (IOException e) {
        discard();
        throw e;
      }
      return null;
    }

    /** Removes the temporary file: a failed file never appears under its name. */
    void discard() {
      if (channel == null) {
        return;
      }
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing to keep.
      }
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // A leftover temporary name is visibly not the file (".bulwark-restore-*.part").
      }
    }
  }
}
