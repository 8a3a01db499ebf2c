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
  /** The largest table frame read (a table row per {@value IndexWriter#BLOCK_ROWS} rows). */
  private static final long MAX_TABLE = 64L * 1024 * 1024;

  private final Target target;
  private final IndexRef ref;
  private final String frameId;
  private final FrameDecoder decoder;
  private final IndexTable table;
  private final Map<Integer, IndexBlock> blocks = new HashMap<>();
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
    if (parsed.indexVersion() != IndexRef.CURRENT || parsed.blocks() == null) {
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
    int b = blockOf(path);
    if (b < 0) {
      return Optional.empty();
    }
    IndexBlock block = block(b);
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

  /**
   * Every row strictly below directory {@code path} (whose paths start with {@code path + "/"}), in
   * path order: a contiguous run of blocks.
   */
  public List<Row> below(String path) throws EngineException {
    String prefix = path + "/";
    List<Row> rows = new ArrayList<>();
    List<IndexTable.Block> all = table.blocks();
    for (int b = Math.max(0, blockOf(prefix)); b < all.size(); b++) {
      String first = all.get(b).first();
      if (PathOrder.compare(first, prefix) > 0 && !first.startsWith(prefix)) {
        break; // this block and every later one start beyond the subtree
      }
      IndexBlock block = block(b);
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
    return rows;
  }

  /** Every block in order (verify reads the whole object). */
  public List<IndexBlock> all() throws EngineException {
    List<IndexBlock> result = new ArrayList<>();
    for (int b = 0; b < table.blocks().size(); b++) {
      result.add(block(b));
    }
    return result;
  }

  /** The last block whose first path is at or before {@code path}; -1 when there is none. */
  private int blockOf(String path) {
    List<IndexTable.Block> all = table.blocks();
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

  private IndexBlock block(int b) throws EngineException {
    IndexBlock cached = blocks.get(b);
    if (cached != null) {
      return cached;
    }
    IndexTable.Block meta = table.blocks().get(b);
    if (meta.length() <= 0
        || meta.offset() < 0
        || meta.offset() + meta.length() > ref.tableOffset()) {
      throw new IntegrityException(
          ref.key(), "index block " + b + " lies outside the object's block area");
    }
    byte[] stored = read(meta.offset(), (int) meta.length());
    String actual = Sha256.hex(stored);
    if (!actual.equals(meta.sha256())) {
      throw new IntegrityException(
          ref.key(),
          "index block "
              + b
              + " at byte "
              + meta.offset()
              + " is corrupt: its SHA-256 is "
              + actual
              + " but the index table recorded "
              + meta.sha256());
    }
    IndexBlock block =
        Json.read(open(stored, meta.offset(), "block " + b), IndexBlock.class, ref.key());
    for (PackRef p : block.packsOrEmpty()) {
      packKeys.putIfAbsent(p.id(), p.key());
    }
    blocks.put(b, block);
    return block;
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
