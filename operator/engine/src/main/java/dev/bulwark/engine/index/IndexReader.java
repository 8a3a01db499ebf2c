package dev.bulwark.engine.index;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.IntegrityException;
import dev.bulwark.engine.TargetAccessException;
import dev.bulwark.engine.crypto.FrameCipher;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.FormatException;
import dev.bulwark.engine.format.IndexRef;
import dev.bulwark.engine.format.Json;
import dev.bulwark.engine.format.PackRef;
import dev.bulwark.engine.format.Sha256;
import dev.bulwark.engine.pack.CorruptFrameException;
import dev.bulwark.engine.pack.FrameDecoder;
import dev.bulwark.engine.target.ObjectNotFoundException;
import dev.bulwark.engine.target.Target;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one index object by ranged reads: the table frame once (checked against the reference's
 * {@code table_sha256}), then each block a lookup needs (checked against the table's SHA-256 of
 * it), decoded at most once. Any mismatch fails with an {@link IntegrityException} naming the
 * object: a lookup never answers from bytes it could not authenticate. Not thread-safe.
 */
public final class IndexReader implements AutoCloseable {
  /** The largest node or block frame read: far above what the writer makes (a few KiB). */
  private static final long MAX_TABLE = 64L * 1024 * 1024;

  private final Target target;
  private final IndexRef ref;
  private final String frameId;
  private final FrameDecoder decoder;
  private final IndexTable table;
  private final Map<Long, IndexTable> nodes = new HashMap<>();
  private final Map<Long, IndexBlock> blocks = new HashMap<>();
  private final Map<String, String> packKeys = new HashMap<>();
  private long bytesRead;

  /**
   * What a lookup found at {@code path}: an entry, or (in an incremental's index) a deletion, when
   * {@code entry} is null.
   */
  public record Row(String path, FileEntry entry) {
    /** Whether the row records that the full's entry at this path no longer exists. */
    public boolean deleted() {
      return entry == null;
    }
  }

  private IndexReader(Target target, IndexRef ref, String jobId, FrameCipher cipher)
      throws EngineException {
    this.target = target;
    this.ref = ref;
    this.frameId = IndexWriter.frameId(jobId);
    this.decoder = new FrameDecoder(cipher);
    if (ref.tableLength() <= 0
        || ref.tableLength() > MAX_TABLE
        || ref.tableOffset() < 0
        || ref.tableOffset() + ref.tableLength() != ref.size()) {
      decoder.close();
      throw new IntegrityException(
          ref.key(), "the index reference's table bounds do not fit an object of its size");
    }
    byte[] stored = read(ref.tableOffset(), (int) ref.tableLength());
    String actual = Sha256.hex(stored);
    if (!actual.equals(ref.tableSha256())) {
      decoder.close();
      throw new IntegrityException(
          ref.key(),
          "index table is corrupt: its SHA-256 is "
              + actual
              + " but the catalog entry and manifest recorded "
              + ref.tableSha256());
    }
    IndexTable parsed =
        Json.read(open(stored, ref.tableOffset(), "table"), IndexTable.class, ref.key());
    if (parsed.indexVersion() == null
        || parsed.indexVersion() != IndexRef.CURRENT
        || parsed.children() == null
        || parsed.level() < 1) {
      decoder.close();
      throw new FormatException(
          ref.key(), "index_version " + parsed.indexVersion() + " is not supported");
    }
    if (!jobId.equals(parsed.jobId())) {
      decoder.close();
      throw new IntegrityException(
          ref.key(), "is the index of job " + parsed.jobId() + ", not of " + jobId);
    }
    this.table = parsed;
  }

  /**
   * Opens the index {@code ref} of job {@code jobId}: one ranged read of its table frame.
   *
   * @param cipher opens sealed frames (null when the index is not sealed)
   */
  public static IndexReader open(Target target, IndexRef ref, String jobId, FrameCipher cipher)
      throws EngineException {
    if (ref.version() != IndexRef.CURRENT) {
      throw new FormatException(
          ref.key(),
          "index version "
              + ref.version()
              + " is not supported by this bulwark (it reads version "
              + IndexRef.CURRENT
              + ")");
    }
    return new IndexReader(target, ref, jobId, cipher);
  }

  /** The table: writer version, snapshot type, blocks. */
  public IndexTable table() {
    return table;
  }

  /** Stored bytes this reader has read from the target so far. */
  public long bytesRead() {
    return bytesRead;
  }

  /** Pack id to key for every pack named by a block read so far. */
  public Map<String, String> packKeys() {
    return packKeys;
  }

  /** The row at exactly {@code path}, if the index holds one. */
  public Optional<Row> lookup(String path) throws EngineException {
    IndexTable node = table;
    while (true) {
      int c = childOf(node, path);
      if (c < 0) {
        return Optional.empty();
      }
      IndexTable.Child child = node.children().get(c);
      if (node.level() > 1) {
        node = node(child);
        continue;
      }
      IndexBlock block = block(child);
      for (FileEntry e : block.entriesOrEmpty()) {
        if (e.path().equals(path)) {
          return Optional.of(new Row(path, e));
        }
      }
      if (block.deletedOrEmpty().contains(path)) {
        return Optional.of(new Row(path, null));
      }
      return Optional.empty();
    }
  }

  /**
   * Every row strictly below directory {@code path} (whose paths start with {@code path + "/"}), in
   * path order: a contiguous run of blocks.
   */
  public List<Row> below(String path) throws EngineException {
    String prefix = path + "/";
    List<Row> rows = new ArrayList<>();
    below(table, prefix, rows);
    return rows;
  }

  private void below(IndexTable node, String prefix, List<Row> rows) throws EngineException {
    List<IndexTable.Child> children = node.children();
    for (int c = Math.max(0, childOf(node, prefix)); c < children.size(); c++) {
      String first = children.get(c).first();
      if (PathOrder.compare(first, prefix) > 0 && !first.startsWith(prefix)) {
        break; // this child and every later one start beyond the subtree
      }
      if (node.level() > 1) {
        below(node(children.get(c)), prefix, rows);
        continue;
      }
      IndexBlock block = block(children.get(c));
      for (FileEntry e : block.entriesOrEmpty()) {
        if (e.path().startsWith(prefix)) {
          rows.add(new Row(e.path(), e));
        }
      }
      for (String d : block.deletedOrEmpty()) {
        if (d.startsWith(prefix)) {
          rows.add(new Row(d, null));
        }
      }
    }
  }

  /** A block with the table row that describes it. */
  public record Leaf(IndexTable.Child meta, IndexBlock block) {}

  /** Every block in path order, each checked (verify reads the whole object). */
  public List<Leaf> all() throws EngineException {
    List<Leaf> leaves = new ArrayList<>();
    all(table, leaves);
    return leaves;
  }

  private void all(IndexTable node, List<Leaf> leaves) throws EngineException {
    long rows = 0;
    for (IndexTable.Child child : node.children()) {
      rows += child.rows();
      if (node.level() > 1) {
        IndexTable below = node(child);
        if (below.level() != node.level() - 1 || below.rows() != child.rows()) {
          throw new IntegrityException(
              ref.key(), "index node at byte " + child.offset() + " does not fit its parent");
        }
        all(below, leaves);
      } else {
        leaves.add(new Leaf(child, block(child)));
      }
    }
    if (rows != node.rows()) {
      throw new IntegrityException(
          ref.key(), "an index node counts " + node.rows() + " rows but its children " + rows);
    }
  }

  /** The last child whose first path is at or before {@code path}; -1 when there is none. */
  private static int childOf(IndexTable node, String path) {
    List<IndexTable.Child> all = node.children();
    int lo = 0;
    int hi = all.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (PathOrder.compare(all.get(mid).first(), path) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private IndexTable node(IndexTable.Child child) throws EngineException {
    IndexTable cached = nodes.get(child.offset());
    if (cached != null) {
      return cached;
    }
    byte[] raw = authenticated(child, "node");
    IndexTable node = Json.read(raw, IndexTable.class, ref.key());
    if (node.level() < 1 || node.children() == null || node.children().isEmpty()) {
      throw new IntegrityException(ref.key(), "index node at byte " + child.offset() + " is empty");
    }
    nodes.put(child.offset(), node);
    return node;
  }

  private IndexBlock block(IndexTable.Child child) throws EngineException {
    IndexBlock cached = blocks.get(child.offset());
    if (cached != null) {
      return cached;
    }
    IndexBlock block = Json.read(authenticated(child, "block"), IndexBlock.class, ref.key());
    for (PackRef p : block.packsOrEmpty()) {
      packKeys.putIfAbsent(p.id(), p.key());
    }
    blocks.put(child.offset(), block);
    return block;
  }

  /** Reads a child's frame, checks it against the SHA-256 its parent recorded, and opens it. */
  private byte[] authenticated(IndexTable.Child child, String what) throws EngineException {
    if (child.length() <= 0
        || child.length() > MAX_TABLE
        || child.offset() < 0
        || child.offset() + child.length() > ref.tableOffset()) {
      throw new IntegrityException(
          ref.key(), "index " + what + " at byte " + child.offset() + " lies outside the object");
    }
    byte[] stored = read(child.offset(), (int) child.length());
    String actual = Sha256.hex(stored);
    if (!actual.equals(child.sha256())) {
      throw new IntegrityException(
          ref.key(),
          "index "
              + what
              + " at byte "
              + child.offset()
              + " is corrupt: its SHA-256 is "
              + actual
              + " but the index table recorded "
              + child.sha256());
    }
    return open(stored, child.offset(), what + " at byte " + child.offset());
  }

  private byte[] open(byte[] stored, long offset, String what) throws EngineException {
    try (InputStream in = new ByteArrayInputStream(stored)) {
      FrameDecoder.Frame frame = decoder.next(in, frameId, offset);
      if (frame == null || in.available() != 0) {
        throw new IntegrityException(ref.key(), "index " + what + " is not exactly one frame");
      }
      return Arrays.copyOf(frame.raw(), frame.rawLength());
    } catch (CorruptFrameException e) {
      throw new IntegrityException(ref.key(), "index " + what + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IntegrityException(ref.key(), "index " + what + ": " + e.getMessage(), e);
    }
  }

  private byte[] read(long offset, int length) throws EngineException {
    try (InputStream in = target.getRange(ref.key(), offset, length)) {
      byte[] bytes = in.readNBytes(length);
      bytesRead += bytes.length;
      if (bytes.length != length) {
        throw new IntegrityException(
            ref.key(), "index object ends before byte " + (offset + length));
      }
      return bytes;
    } catch (ObjectNotFoundException e) {
      throw new IntegrityException(ref.key(), "index object is missing", e);
    } catch (IOException e) {
      throw new TargetAccessException(ref.key(), "reading the index", e);
    }
  }

  @Override
  public void close() {
    decoder.close();
  }
}
