package dev.bulwark.engine.restore;

import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.Sha256;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes restored entries under a destination directory without ever following a symlink, even one
 * that another process puts in place while the restore runs (docs/format.md, invariant 6).
 *
 * <p>Java has no {@code openat(2)} family as such, but a {@link SecureDirectoryStream} is a
 * directory handle whose operations are relative to it: opening a child directory (with {@code
 * O_NOFOLLOW}), creating a file ({@code O_CREAT|O_EXCL|O_NOFOLLOW}), renaming ({@code renameat}),
 * deleting ({@code unlinkat}) and setting attributes. Every directory is therefore reached from the
 * root one component at a time through handles (see {@link DirectoryHandles}), and its identity
 * (device and inode) is recorded when the restore makes or first opens it. The two operations a
 * handle lacks, making a directory and making a symlink, are done in the root itself under a random
 * name (one path component, so nothing in between can be swapped) and then renamed into place
 * through the handles. Files are written to a temporary name in their directory and renamed into
 * place only after their hash checked out. When a directory turns out to be a symlink, a file,
 * another directory or gone, the entries that need it are refused.
 */
final class Destination implements Closeable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String TEMP_PREFIX = ".bulwark-restore-";

  private final Path root;
  private final boolean force;
  private final SecureDirectoryStream<Path> rootHandle;

  /** Relative directory path -> the file key (device and inode) the restore made or found. */
  private final Map<String, Object> identities = new ConcurrentHashMap<>();

  /** The handles of the thread that makes directories and symlinks. */
  private final DirectoryHandles setup;

  /** Permission bits the process umask removes; files whose mode survives it skip a chmod. */
  private int umask = 0777;

  private Destination(Path root, boolean force, SecureDirectoryStream<Path> rootHandle)
      throws IOException {
    this.root = root;
    this.force = force;
    this.rootHandle = rootHandle;
    this.identities.put("", keyOf(rootHandle));
    this.setup = new DirectoryHandles(this);
  }

  /** Opens the existing directory {@code root} (a real path) as the destination. */
  static Destination open(Path root, boolean force) throws IOException {
    DirectoryStream<Path> stream = Files.newDirectoryStream(root);
    if (!(stream instanceof SecureDirectoryStream<Path> handle)) {
      stream.close();
      throw new IOException(
          "this platform offers no directory handles (SecureDirectoryStream) to restore into "
              + root
              + " without following symlinks; restore refuses to write by path");
    }
    return new Destination(root, force, handle);
  }

  Path root() {
    return root;
  }

  SecureDirectoryStream<Path> rootHandle() {
    return rootHandle;
  }

  /** A new set of handles for one thread. */
  DirectoryHandles handles() {
    return new DirectoryHandles(this);
  }

  /** The destination path of an archive path, for messages. */
  Path pathOf(String relative) {
    return relative.isEmpty() ? root : root.resolve(relative);
  }

  /** Learns the umask by creating a probe file: restoring 0644 files then needs no chmod. */
  void probeUmask() throws IOException {
    Path probe = Path.of(tempName(".probe"));
    rootHandle
        .newByteChannel(
            probe,
            Set.of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            PosixFilePermissions.asFileAttribute(permissions(0777)))
        .close();
    try {
      Set<PosixFilePermission> created =
          rootHandle
              .getFileAttributeView(probe, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes()
              .permissions();
      umask = ~bits(created) & 0777;
    } finally {
      rootHandle.deleteFile(probe);
    }
  }

  /**
   * Makes {@code relativeDir} and its parents real directories, recording what each is. With force,
   * a symlink or file in the way is removed (the link itself, never what it points to). Uses the
   * handles of the thread that makes directories and symlinks; single-threaded use.
   *
   * @throws DestinationChangedException when something that is not a directory is in the way
   *     (without force) or the place keeps changing
   * @throws IOException when a directory cannot be made (e.g. no space left)
   */
  void ensureDirectory(String relativeDir) throws IOException {
    ensureDirectory(relativeDir, setup);
  }

  /**
   * {@link #ensureDirectory(String)} through the calling thread's {@code handles}. Threads may call
   * it at once for different directories whose parents were all made before (see {@link
   * DirectoryLevels}): two threads must never make the same directory.
   */
  void ensureDirectory(String relativeDir, DirectoryHandles handles) throws IOException {
    if (relativeDir.isEmpty() || identities.containsKey(relativeDir)) {
      return;
    }
    String parentDir = parentOf(relativeDir);
    ensureDirectory(parentDir, handles);
    Path name = Path.of(nameOf(relativeDir));
    for (int attempt = 0; attempt < 3; attempt++) {
      SecureDirectoryStream<Path> parent = handles.get(parentDir);
      BasicFileAttributes found = lstat(parent, name);
      if (found != null && !found.isDirectory()) {
        if (!force) {
          throw new DestinationChangedException(
              relativeDir, "exists as a " + kind(found) + " where a directory is needed");
        }
        parent.deleteFile(name);
        found = null;
      }
      SecureDirectoryStream<Path> dir =
          found != null ? openIfDirectory(parent, name) : makeDirectory(parent, parentDir, name);
      if (dir != null) {
        identities.put(relativeDir, keyOf(dir));
        handles.put(relativeDir, dir);
        return;
      }
    }
    throw new DestinationChangedException(relativeDir, "kept changing while the restore made it");
  }

  /**
   * A new empty directory at {@code name} in {@code parent}, or null when something else appeared
   * there meanwhile. It is made in the root under a random name and renamed into place.
   */
  private SecureDirectoryStream<Path> makeDirectory(
      SecureDirectoryStream<Path> parent, String parentDir, Path name) throws IOException {
    Path temp = Path.of(tempName(".dir"));
    Path staged = root.resolve(temp);
    try {
      Files.createDirectory(staged);
    } catch (IOException e) {
      throw new IOException("cannot create directory " + staged + ": " + reason(e), e);
    }
    SecureDirectoryStream<Path> made = openStaged(temp);
    try {
      rootHandle.move(temp, parent, name);
      return made;
    } catch (AtomicMoveNotSupportedException e) {
      closeQuietly(made);
      deleteQuietly(rootHandle, temp, true);
      return makeDirectoryInPlace(parent, parentDir, name);
    } catch (IOException e) {
      closeQuietly(made);
      deleteQuietly(rootHandle, temp, true);
      if (lstat(parent, name) != null) {
        return null;
      }
      throw new IOException(
          "cannot create directory " + pathOf(join(parentDir, name)) + ": " + reason(e), e);
    }
  }

  /**
   * The parent lies on another file system than the root (a mount point inside the destination), so
   * a directory made in the root cannot be renamed there: it is made by path in the parent under a
   * random name, then found through the parent's handle. If the path no longer led to that parent,
   * the entries are refused; the only trace elsewhere is an empty directory with a random {@code
   * .bulwark-restore-*.dir} name.
   */
  private SecureDirectoryStream<Path> makeDirectoryInPlace(
      SecureDirectoryStream<Path> parent, String parentDir, Path name) throws IOException {
    Path temp = Path.of(tempName(".dir"));
    Path byPath = pathOf(parentDir).resolve(temp);
    try {
      Files.createDirectory(byPath);
    } catch (IOException e) {
      throw new IOException("cannot create directory " + byPath + ": " + reason(e), e);
    }
    SecureDirectoryStream<Path> made = openIfDirectory(parent, temp);
    if (made == null) {
      throw new DestinationChangedException(
          parentDir, "was replaced while the restore made a directory in it");
    }
    try {
      parent.move(temp, parent, name);
      return made;
    } catch (IOException e) {
      closeQuietly(made);
      deleteQuietly(parent, temp, true);
      if (lstat(parent, name) != null) {
        return null;
      }
      throw new IOException(
          "cannot create directory " + pathOf(join(parentDir, name)) + ": " + reason(e), e);
    }
  }

  private SecureDirectoryStream<Path> openStaged(Path temp) throws IOException {
    SecureDirectoryStream<Path> made = openIfDirectory(rootHandle, temp);
    if (made == null) {
      throw new IOException(
          root + " no longer leads to the directory this restore opened as its destination");
    }
    return made;
  }

  /**
   * Opens directory {@code relativeDir} in {@code parent} without following a symlink and checks
   * that it is the directory recorded for it.
   *
   * @throws DestinationChangedException when it is not
   */
  SecureDirectoryStream<Path> openRecorded(SecureDirectoryStream<Path> parent, String relativeDir)
      throws IOException {
    Object recorded = identities.get(relativeDir);
    if (recorded == null) {
      throw new DestinationChangedException(relativeDir, "was not prepared by this restore");
    }
    SecureDirectoryStream<Path> dir = openIfDirectory(parent, Path.of(nameOf(relativeDir)));
    if (dir == null) {
      BasicFileAttributes now = lstat(parent, Path.of(nameOf(relativeDir)));
      throw new DestinationChangedException(
          relativeDir,
          now == null
              ? "was removed during the restore"
              : "was replaced by a "
                  + kind(now)
                  + " during the restore; nothing is written through it");
    }
    if (!recorded.equals(keyOf(dir))) {
      closeQuietly(dir);
      throw new DestinationChangedException(
          relativeDir, "was replaced by another directory during the restore");
    }
    return dir;
  }

  /** Opens {@code name} in {@code parent} if it is a directory (not a symlink); otherwise null. */
  private static SecureDirectoryStream<Path> openIfDirectory(
      SecureDirectoryStream<Path> parent, Path name) throws IOException {
    // Look before opening: opening a fifo put in the way would block.
    BasicFileAttributes found = lstat(parent, name);
    if (found == null || !found.isDirectory()) {
      return null;
    }
    try {
      return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    } catch (IOException e) {
      BasicFileAttributes now = lstat(parent, name);
      if (now == null || !now.isDirectory()) {
        return null; // replaced between the look and the open (O_NOFOLLOW refused a symlink)
      }
      throw e;
    }
  }

  /** Whether the restore made or found {@code relativeDir} as a directory ("" is the root). */
  boolean prepared(String relativeDir) {
    return identities.containsKey(relativeDir);
  }

  /** Which of {@code directories} no longer are the directories the restore wrote into. */
  Set<String> displaced(Collection<String> directories) {
    Set<String> displaced = new TreeSet<>();
    try (DirectoryHandles check = handles()) {
      for (String dir : new TreeSet<>(directories)) {
        try {
          check.get(dir);
        } catch (IOException e) {
          displaced.add(dir);
        }
      }
    }
    return displaced;
  }

  /** Why {@code relativeDir} is displaced, for the report. */
  String displacedReason(String relativeDir) {
    try (DirectoryHandles check = handles()) {
      check.get(relativeDir);
      return "its directory changed during the restore";
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /**
   * Creates a symlink with the manifest's target text, verbatim: made in the root under a random
   * name (where its time is set) and renamed over its place, replacing a file or symlink there
   * (never following it). The link itself is never followed by the restore.
   */
  void createSymlink(FileEntry entry) throws IOException {
    String parentDir = parentOf(entry.path());
    SecureDirectoryStream<Path> parent = setup.get(parentDir);
    Path name = Path.of(nameOf(entry.path()));
    Path temp = Path.of(tempName(".link"));
    Path staged = root.resolve(temp);
    Files.createSymbolicLink(staged, Path.of(entry.link()));
    try {
      setTimes(staged, entry);
      rootHandle.move(temp, parent, name);
    } catch (AtomicMoveNotSupportedException e) {
      deleteQuietly(rootHandle, temp, false);
      createSymlinkInPlace(parent, parentDir, name, entry);
    } catch (IOException e) {
      deleteQuietly(rootHandle, temp, false);
      throw e;
    }
  }

  /** As {@link #makeDirectoryInPlace}, for a symlink whose directory is on another file system. */
  private void createSymlinkInPlace(
      SecureDirectoryStream<Path> parent, String parentDir, Path name, FileEntry entry)
      throws IOException {
    Path temp = Path.of(tempName(".link"));
    Path byPath = pathOf(parentDir).resolve(temp);
    Files.createSymbolicLink(byPath, Path.of(entry.link()));
    BasicFileAttributes made = lstat(parent, temp);
    if (made == null || !made.isSymbolicLink()) {
      throw new DestinationChangedException(
          parentDir, "was replaced while the restore made a symlink in it");
    }
    try {
      setTimes(byPath, entry);
      parent.move(temp, parent, name);
    } catch (IOException e) {
      deleteQuietly(parent, temp, false);
      throw e;
    }
  }

  /** Sets a directory's permissions and times (after its contents were written). */
  void applyDirectoryMetadata(FileEntry entry, DirectoryHandles handles) throws IOException {
    SecureDirectoryStream<Path> dir = handles.get(entry.path());
    dir.getFileAttributeView(PosixFileAttributeView.class)
        .setPermissions(permissions(entry.modeBits()));
    dir.getFileAttributeView(BasicFileAttributeView.class)
        .setTimes(FileTime.from(entry.mtimeInstant()), null, null);
  }

  /**
   * Opens a sink for a file's bytes: a new temporary file in the file's directory, reached through
   * handles.
   *
   * @throws DestinationChangedException when the file's directory changed (the file is refused)
   */
  FileSink open(FileEntry entry, DirectoryHandles handles) throws IOException {
    String parentDir = parentOf(entry.path());
    SecureDirectoryStream<Path> parent = handles.pin(parentDir);
    Path temp = Path.of(tempName(".part"));
    int mode = entry.modeBits() & 0777;
    // Owner read and write while the restore works on it (setting times opens it for reading).
    int createMode = mode | 0600;
    try {
      SeekableByteChannel channel =
          parent.newByteChannel(
              temp,
              Set.of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(permissions(createMode)));
      return new FileSink(
          entry, this, handles, parentDir, parent, temp, channel, (createMode & ~umask) != mode);
    } catch (IOException e) {
      handles.unpin(parentDir);
      throw e;
    }
  }

  /** A sink that only hashes: for a dry run. */
  static FileSink hashOnly(FileEntry entry) {
    return new FileSink(entry, null, null, null, null, null, null, false);
  }

  static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static String nameOf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String join(String dir, Path name) {
    return dir.isEmpty() ? name.toString() : dir + "/" + name;
  }

  private static BasicFileAttributes lstat(SecureDirectoryStream<Path> dir, Path name)
      throws IOException {
    try {
      return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .readAttributes();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static Object keyOf(SecureDirectoryStream<Path> dir) throws IOException {
    return dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
  }

  private static String kind(BasicFileAttributes a) {
    return a.isSymbolicLink()
        ? "symlink"
        : a.isDirectory() ? "directory" : a.isRegularFile() ? "file" : "special file";
  }

  static String reason(IOException e) {
    String message = e.getMessage();
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }

  private static void deleteQuietly(SecureDirectoryStream<Path> dir, Path name, boolean directory) {
    try {
      if (directory) {
        dir.deleteDirectory(name);
      } else {
        dir.deleteFile(name);
      }
    } catch (IOException e) {
      // A leftover temporary name is visibly not restored data (".bulwark-restore-*").
    }
  }

  static void closeQuietly(SecureDirectoryStream<Path> handle) {
    try {
      handle.close();
    } catch (IOException e) {
      // Closing a directory handle frees a descriptor; nothing was written through it.
    }
  }

  @Override
  public void close() {
    setup.close();
    closeQuietly(rootHandle);
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

  private static int bits(Set<PosixFilePermission> perms) {
    int mode = 0;
    for (int bit = 0; bit < 9; bit++) {
      if (perms.contains(ORDER[bit])) {
        mode |= 1 << bit;
      }
    }
    return mode;
  }

  /**
   * Sets the time of a name directly in the root (one component: nothing can be swapped in
   * between).
   */
  private static void setTimes(Path p, FileEntry entry) throws IOException {
    FileTime mtime = FileTime.from(entry.mtimeInstant());
    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(mtime, null, null);
  }

  private static String tempName(String suffix) {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return TEMP_PREFIX + HexFormat.of().formatHex(b) + suffix;
  }

  /** A file being restored: bytes go to a temporary file while they are hashed. */
  static final class FileSink {
    final FileEntry entry;
    private final Destination destination;
    private final DirectoryHandles handles;
    private final String parentDir;
    private final SecureDirectoryStream<Path> parent;
    private final Path temp;
    private final SeekableByteChannel channel;
    private final MessageDigest digest = Sha256.newDigest();
    private final boolean needsChmod;
    private long written;
    private boolean inRoot;
    private boolean released;

    private FileSink(
        FileEntry entry,
        Destination destination,
        DirectoryHandles handles,
        String parentDir,
        SecureDirectoryStream<Path> parent,
        Path temp,
        SeekableByteChannel channel,
        boolean needsChmod) {
      this.entry = entry;
      this.destination = destination;
      this.handles = handles;
      this.parentDir = parentDir;
      this.parent = parent;
      this.temp = temp;
      this.channel = channel;
      this.needsChmod = needsChmod;
    }

    long written() {
      return written;
    }

    /** Where the file is being written, for messages. */
    Path destinationPath() {
      return destination == null ? Path.of(entry.path()) : destination.pathOf(entry.path());
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
     * Checks size and hash; only then gives the file its mode and mtime and renames it into place.
     * Returns null on success or the reason the file was rejected (and removed).
     *
     * @throws IOException when the verified file cannot be put in place (it is removed)
     */
    String finish() throws IOException {
      String actual = Sha256.finish(digest);
      if (written != entry.sizeOrZero() || !actual.equals(entry.sha256())) {
        discard();
        return written != entry.sizeOrZero()
            ? "restored " + written + " bytes but the manifest says " + entry.sizeOrZero()
            : "content hash mismatch: SHA-256 "
                + actual
                + " but the manifest says "
                + entry.sha256();
      }
      if (channel == null) {
        return null;
      }
      Path name = Path.of(nameOf(entry.path()));
      SecureDirectoryStream<Path> rootHandle = destination.rootHandle;
      try {
        channel.close();
        try {
          // Into the root for a moment: a name directly in the root is the only place whose time
          // can be set to the nanosecond without a path through directories that could be swapped.
          parent.move(temp, rootHandle, temp);
          inRoot = true;
        } catch (AtomicMoveNotSupportedException e) {
          inRoot =
              false; // the directory is on another file system: set the time through its handle
        }
        SecureDirectoryStream<Path> at = inRoot ? rootHandle : parent;
        if (inRoot) {
          setTimes(destination.root.resolve(temp), entry);
        } else {
          at.getFileAttributeView(temp, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .setTimes(FileTime.from(entry.mtimeInstant()), null, null);
        }
        if (needsChmod) {
          at.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .setPermissions(permissions(entry.modeBits()));
        }
        // renameat(2) between handles: replaces a file or symlink at the name, never follows it.
        at.move(temp, parent, name);
      } catch (IOException e) {
        discard();
        throw e;
      } finally {
        release();
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
      deleteQuietly(inRoot ? destination.rootHandle : parent, temp, false);
      release();
    }

    private void release() {
      if (!released && handles != null) {
        released = true;
        handles.unpin(parentDir);
      }
    }
  }
}
