package dev.bulwark.engine.target;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A target that is a directory: key {@code a/b/c} is the file {@code root/a/b/c}.
 *
 * <p>Writes go to a temporary file under {@code root/.bulwark-partial/}, are fsynced, then made
 * visible with link(2) (write-once: fails atomically if the key exists) or rename(2) ({@link
 * #replace}), followed by an fsync of the directory. Tags live in JSON sidecars under {@code
 * root/.bulwark-tags/}. Both reserved directories are invisible to {@link #list}.
 */
public final class LocalTarget implements Target {
  private static final String PARTIAL_DIR = ".bulwark-partial";
  private static final String TAGS_DIR = ".bulwark-tags";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Comparator<String> UTF8_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private final Path root;

  /** Opens (and creates if needed) the directory {@code root} as a target. */
  public LocalTarget(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    Files.createDirectories(this.root);
  }

  /** The directory this target stores objects in. */
  public Path root() {
    return root;
  }

  @Override
  public String provider() {
    return "local";
  }

  @Override
  public String describe() {
    return "local directory " + root;
  }

  /** The file that holds {@code key}; for tests and tools that inspect the repository. */
  public Path pathOf(String key) {
    return root.resolve(checkKey(key));
  }

  @Override
  public ObjectWriter create(String key, Map<String, String> tags) throws IOException {
    checkKey(key);
    Path temp = newTempFile(key);
    FileChannel channel =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new LocalWriter(key, temp, channel, tags);
  }

  @Override
  public void replace(String key, byte[] content) throws IOException {
    checkKey(key);
    Path temp = newTempFile(key);
    try {
      writeAndSync(temp, content);
      Path target = root.resolve(key);
      for (int attempt = 0; ; attempt++) {
        Files.createDirectories(target.getParent());
        try {
          Files.move(
              temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          break;
        } catch (NoSuchFileException e) {
          if (attempt >= 3) {
            throw e;
          }
        }
      }
      syncDirectory(target.getParent());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public InputStream get(String key) throws IOException {
    Path file = existing(key);
    try {
      return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(key, describe());
    }
  }

  @Override
  public InputStream getRange(String key, long offset, long length) throws IOException {
    Path file = existing(key);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    long size = channel.size();
    if (offset < 0 || length < 0 || offset + length > size) {
      channel.close();
      throw new IOException(
          "range "
              + offset
              + "+"
              + length
              + " lies outside object "
              + key
              + " of "
              + size
              + " bytes");
    }
    channel.position(offset);
    return new BoundedInputStream(Channels.newInputStream(channel), length);
  }

  @Override
  public Optional<ObjectInfo> head(String key) throws IOException {
    Path file = root.resolve(checkKey(key));
    try {
      BasicFileAttributes attrs =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(new ObjectInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public ObjectPage list(String prefix, String startAfter, int maxKeys) throws IOException {
    if (maxKeys <= 0) {
      throw new IllegalArgumentException("maxKeys must be positive, was " + maxKeys);
    }
    List<ObjectInfo> all = collect(root, prefix, startAfter);
    boolean truncated = all.size() > maxKeys;
    return new ObjectPage(truncated ? all.subList(0, maxKeys) : all, truncated);
  }

  @Override
  public Iterator<ObjectInfo> listAll(String prefix) throws IOException {
    // One walk instead of one walk per page: a directory listing has no page cost to save.
    return collect(root, prefix, null).iterator();
  }

  @Override
  public void delete(String key) throws IOException {
    Path file = root.resolve(checkKey(key));
    Files.deleteIfExists(file);
    Files.deleteIfExists(tagsFile(key));
    pruneEmptyParents(file.getParent(), root);
    pruneEmptyParents(tagsFile(key).getParent(), root.resolve(TAGS_DIR));
  }

  @Override
  public Map<String, String> tags(String key) throws IOException {
    existing(key);
    Path sidecar = tagsFile(key);
    if (!Files.exists(sidecar)) {
      return Map.of();
    }
    return JSON.readValue(sidecar.toFile(), new TypeReference<TreeMap<String, String>>() {});
  }

  @Override
  public void setTags(String key, Map<String, String> tags) throws IOException {
    existing(key);
    writeTags(key, tags);
  }

  @Override
  public void abortIncompleteWrites(String keyPrefix) throws IOException {
    Path partial = root.resolve(PARTIAL_DIR);
    if (!Files.isDirectory(partial)) {
      return;
    }
    for (ObjectInfo info : collect(partial, keyPrefix, null)) {
      Path file = partial.resolve(info.key());
      Files.deleteIfExists(file);
      pruneEmptyParents(file.getParent(), partial);
    }
  }

  private void writeTags(String key, Map<String, String> tags) throws IOException {
    Path sidecar = tagsFile(key);
    if (tags.isEmpty()) {
      Files.deleteIfExists(sidecar);
      return;
    }
    Files.createDirectories(sidecar.getParent());
    Path temp = sidecar.resolveSibling(sidecar.getFileName() + "." + randomSuffix());
    Files.write(temp, JSON.writeValueAsBytes(new TreeMap<>(tags)));
    Files.move(temp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private Path tagsFile(String key) {
    return root.resolve(TAGS_DIR).resolve(key + ".tags.json");
  }

  private Path existing(String key) throws IOException {
    Path file = root.resolve(checkKey(key));
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new ObjectNotFoundException(key, describe());
    }
    return file;
  }

  private Path newTempFile(String key) throws IOException {
    // The temporary file mirrors the key's directory so abortIncompleteWrites can match prefixes.
    Path temp = root.resolve(PARTIAL_DIR).resolve(key + "." + randomSuffix() + ".part");
    Files.createDirectories(temp.getParent());
    return temp;
  }

  private static String randomSuffix() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static void writeAndSync(Path file, byte[] content) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException e) {
      throw naming(file, e);
    }
  }

  /**
   * {@code e} with the file it concerns in its message: a channel's "No space left on device" says
   * nothing of where, and an operator needs to know which disk filled up.
   */
  private static IOException naming(Path file, IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      return e;
    }
    return new IOException("cannot write " + file + ": " + e.getMessage(), e);
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open or sync directories; the rename itself already happened.
    }
  }

  private static void pruneEmptyParents(Path dir, Path stop) {
    Path current = dir;
    while (current != null && current.startsWith(stop) && !current.equals(stop)) {
      try {
        Files.delete(current);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        return;
      } catch (IOException e) {
        return;
      }
      current = current.getParent();
    }
  }

  /** Validates a key and returns it; keys never escape the root. */
  static String checkKey(String key) {
    if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
      throw new IllegalArgumentException("invalid object key '" + key + "'");
    }
    if (key.indexOf('\0') >= 0 || key.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("invalid character in object key '" + key + "'");
    }
    String[] segments = key.split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("invalid segment in object key '" + key + "'");
      }
    }
    if (segments[0].startsWith(".bulwark-")) {
      throw new IllegalArgumentException("object key '" + key + "' uses a reserved name");
    }
    return key;
  }

  private static List<ObjectInfo> collect(Path base, String prefix, String startAfter)
      throws IOException {
    List<ObjectInfo> found = new ArrayList<>();
    walk(base, base, "", prefix, found);
    found.sort(Comparator.comparing(ObjectInfo::key, UTF8_ORDER));
    if (startAfter == null) {
      return found;
    }
    List<ObjectInfo> after = new ArrayList<>();
    for (ObjectInfo info : found) {
      if (UTF8_ORDER.compare(info.key(), startAfter) > 0) {
        after.add(info);
      }
    }
    return after;
  }

  private static void walk(Path base, Path dir, String dirKey, String prefix, List<ObjectInfo> out)
      throws IOException {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        if (dirKey.isEmpty() && base.equals(dir) && name.startsWith(".bulwark-")) {
          continue;
        }
        String childKey = dirKey + name;
        BasicFileAttributes attrs;
        try {
          attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue;
        }
        if (attrs.isDirectory()) {
          String asDir = childKey + "/";
          if (asDir.startsWith(prefix) || prefix.startsWith(asDir)) {
            walk(base, child, asDir, prefix, out);
          }
        } else if (attrs.isRegularFile() && childKey.startsWith(prefix)) {
          out.add(new ObjectInfo(childKey, attrs.size(), attrs.lastModifiedTime().toInstant()));
        }
      }
    } catch (NoSuchFileException e) {
      // The prefix names a directory that does not exist (yet): an empty listing.
    }
  }

  /** The write-once upload of one object into a temporary file. */
  private final class LocalWriter extends ObjectWriter {
    private final String key;
    private final Path temp;
    private final FileChannel channel;
    private final Map<String, String> tags;
    private long position;
    private boolean done;

    LocalWriter(String key, Path temp, FileChannel channel, Map<String, String> tags) {
      this.key = key;
      this.temp = temp;
      this.channel = channel;
      this.tags = Map.copyOf(tags);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (done) {
        throw new IOException("upload of " + key + " is already finished");
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
      try {
        while (buffer.hasRemaining()) {
          position += channel.write(buffer);
        }
      } catch (IOException e) {
        throw naming(temp, e);
      }
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public void commit() throws IOException {
      if (done) {
        throw new IOException("upload of " + key + " is already finished");
      }
      try {
        try {
          channel.force(true);
          channel.close();
        } catch (IOException e) {
          throw naming(temp, e);
        }
        Path target = root.resolve(key);
        if (!tags.isEmpty()) {
          writeTags(key, tags);
        }
        publish(target);
        syncDirectory(target.getParent());
      } finally {
        abort();
      }
    }

    private void publish(Path target) throws IOException {
      for (int attempt = 0; ; attempt++) {
        Files.createDirectories(target.getParent());
        try {
          Files.createLink(target, temp);
          return;
        } catch (FileAlreadyExistsException e) {
          throw new ObjectExistsException(key);
        } catch (NoSuchFileException e) {
          // A concurrent delete pruned the fresh parent directory: create it again.
          if (attempt >= 3) {
            throw e;
          }
        } catch (UnsupportedOperationException | FileSystemException e) {
          // No hard links here: fall back to a checked rename (not atomic against a racing writer).
          if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ObjectExistsException(key);
          }
          try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
          } catch (AtomicMoveNotSupportedException unsupported) {
            Files.move(temp, target);
          }
          return;
        }
      }
    }

    @Override
    public void abort() {
      done = true;
      try {
        channel.close();
      } catch (IOException e) {
        // Closing a channel we only wrote to cannot lose anything we still need.
      }
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // The next job's abortIncompleteWrites removes what could not be deleted now.
      }
    }
  }
}
