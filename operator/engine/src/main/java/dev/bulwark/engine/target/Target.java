package dev.bulwark.engine.target;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * An object store that a repository lives in: the local directory today, S3 and OSS later.
 *
 * <p>The contract is the common ground of a file system and the S3/OSS APIs:
 *
 * <ul>
 *   <li>Keys are '/'-separated, UTF-8, never start with '/' and never contain "." or ".." segments.
 *   <li>{@link #create} and {@link #put} are write-once: an object appears whole or not at all, and
 *       an existing key is never overwritten ({@link ObjectExistsException}); S3 maps this to
 *       {@code If-None-Match: *}, OSS to {@code x-oss-forbid-overwrite: true}. Large objects stream
 *       through {@link #create} (S3/OSS: multipart upload, aborted on failure).
 *   <li>{@link #replace} is the one mutable write, for small state objects (locks, latest
 *       pointers): last writer wins, still atomic.
 *   <li>{@link #list} returns keys in ascending UTF-8 byte order, one page at a time.
 *   <li>Tags are a small string map per object (S3/OSS object tagging); they drive the hot/cold
 *       lifecycle that a later, separate lifecycle interface reconciles on the bucket.
 * </ul>
 *
 * Implementations are thread-safe. Error messages name the key but never a credential.
 */
public interface Target extends Closeable {

  /** The provider name written into manifests and latest pointers: local, s3 or oss. */
  String provider();

  /** A human description for messages (a path or a bucket URL), without credentials. */
  String describe();

  /**
   * Starts a streaming write-once upload of {@code key}. Nothing is visible until {@link
   * ObjectWriter#commit()}; {@link ObjectWriter#close()} without commit aborts.
   */
  ObjectWriter create(String key, Map<String, String> tags) throws IOException;

  /** Writes a small object once; fails with {@link ObjectExistsException} if the key exists. */
  default void put(String key, byte[] content, Map<String, String> tags) throws IOException {
    try (ObjectWriter writer = create(key, tags)) {
      writer.write(content);
      writer.commit();
    }
  }

  /** Atomically writes or overwrites a small mutable object (lock, latest pointer). */
  void replace(String key, byte[] content) throws IOException;

  /** Opens the whole object; {@link ObjectNotFoundException} if it does not exist. */
  InputStream get(String key) throws IOException;

  /**
   * Opens {@code length} bytes from {@code offset} (an HTTP ranged GET on S3/OSS). Fails if the
   * range does not lie inside the object.
   */
  InputStream getRange(String key, long offset, long length) throws IOException;

  /** Reads a whole small object, refusing objects larger than {@code maxBytes}. */
  default byte[] read(String key, int maxBytes) throws IOException {
    try (InputStream in = get(key)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new IOException(
            "object " + key + " is larger than the " + maxBytes + " bytes expected of it");
      }
      return bytes;
    }
  }

  /** The object's size and modification time, or empty when it does not exist. */
  Optional<ObjectInfo> head(String key) throws IOException;

  /**
   * One page of keys that start with {@code prefix} and sort after {@code startAfter} (null for the
   * first page), at most {@code maxKeys} of them, ascending.
   */
  ObjectPage list(String prefix, String startAfter, int maxKeys) throws IOException;

  /** Every key under {@code prefix}, ascending, fetched page by page as the iterator advances. */
  default Iterator<ObjectInfo> listAll(String prefix) throws IOException {
    ObjectPage first = list(prefix, null, 1000);
    return new Iterator<>() {
      private ObjectPage page = first;
      private int index;

      @Override
      public boolean hasNext() {
        while (index >= page.objects().size()) {
          if (!page.truncated() || page.objects().isEmpty()) {
            return false;
          }
          String after = page.objects().get(page.objects().size() - 1).key();
          try {
            page = list(prefix, after, 1000);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException("listing " + prefix + " failed", e);
          }
          index = 0;
        }
        return true;
      }

      @Override
      public ObjectInfo next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.objects().get(index++);
      }
    };
  }

  /** Deletes an object; deleting a missing key is not an error. */
  void delete(String key) throws IOException;

  /** The object's tags; {@link ObjectNotFoundException} if it does not exist. */
  Map<String, String> tags(String key) throws IOException;

  /** Replaces the object's tags. */
  void setTags(String key, Map<String, String> tags) throws IOException;

  /**
   * Removes the remains of writes under {@code keyPrefix} that never committed (S3/OSS: abort
   * incomplete multipart uploads; local: delete temporary files). Called by the next job after a
   * crash.
   */
  void abortIncompleteWrites(String keyPrefix) throws IOException;

  @Override
  default void close() throws IOException {}
}
