package dev.bulwark.engine.index;

import dev.bulwark.engine.EngineVersion;
import dev.bulwark.engine.crypto.EncryptionKey;
import dev.bulwark.engine.crypto.FrameCipher;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.IndexRef;
import dev.bulwark.engine.format.Json;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.PackRef;
import dev.bulwark.engine.format.Sha256;
import dev.bulwark.engine.pack.FrameEncoder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the index object of a snapshot from its manifest: the manifest's rows (entries and, for an
 * incremental, deletions) sorted in {@link PathOrder}, cut into blocks of {@value #BLOCK_ROWS}
 * rows, each a compressed (and, with a key, sealed) frame, followed by the table frame.
 */
public final class IndexWriter {
  /** Rows per block: small enough that a lookup reads a few KiB, large enough to compress well. */
  public static final int BLOCK_ROWS = 64;

  /** Children per table node: a lookup reads one node per level, log64 of the blocks. */
  public static final int FAN_OUT = 64;

  private static final int LEVEL = 3;

  private IndexWriter() {}

  /** An index object ready to store: its bytes and the reference the manifest records. */
  public record Written(byte[] bytes, IndexRef ref) {}

  /** The frame id that binds an index object's sealed frames to its snapshot (the AAD's id). */
  public static String frameId(String jobId) {
    return jobId + ".index";
  }

  /** Builds the index object that {@code manifest}'s snapshot stores under {@code key}. */
  public static Written write(Manifest manifest, String key, EncryptionKey encryptionKey) {
    List<Row> rows = new ArrayList<>(manifest.files().size());
    for (FileEntry e : manifest.files()) {
      rows.add(new Row(e.path(), e));
    }
    if (!manifest.isFull() && manifest.deleted() != null) {
      for (String path : manifest.deleted()) {
        rows.add(new Row(path, null));
      }
    }
    rows.sort((a, b) -> PathOrder.compare(a.path, b.path));
    Map<String, String> packKeys = new HashMap<>();
    for (PackRef ref : manifest.packs()) {
      packKeys.put(ref.id(), ref.key());
    }
    String id = frameId(manifest.jobId());
    FrameCipher cipher = encryptionKey == null ? null : new FrameCipher(encryptionKey);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<IndexTable.Child> blocks = new ArrayList<>();
    try (FrameEncoder encoder = new FrameEncoder(LEVEL, cipher)) {
      for (int start = 0; start < rows.size(); start += BLOCK_ROWS) {
        List<Row> slice = rows.subList(start, Math.min(rows.size(), start + BLOCK_ROWS));
        List<FileEntry> entries = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        Map<String, PackRef> packs = new LinkedHashMap<>();
        for (Row r : slice) {
          if (r.entry == null) {
            deleted.add(r.path);
            continue;
          }
          entries.add(r.entry);
          String pack = r.entry.pack();
          if (pack != null && packKeys.containsKey(pack)) {
            packs.putIfAbsent(pack, new PackRef(pack, packKeys.get(pack)));
          }
        }
        byte[] raw = Json.write(new IndexBlock(List.copyOf(packs.values()), entries, deleted));
        long offset = out.size();
        FrameEncoder.Encoded frame = encoder.encode(raw, raw.length, true, id, offset);
        out.write(frame.bytes(), 0, frame.length());
        blocks.add(
            new IndexTable.Child(
                slice.get(0).path,
                offset,
                frame.length(),
                Sha256.hex(frame.bytes(), 0, frame.length()),
                slice.size()));
      }
      // The table: nodes of at most FAN_OUT children, level by level, the root last.
      List<IndexTable.Child> children = blocks;
      int level = 1;
      while (children.size() > FAN_OUT) {
        List<IndexTable.Child> parents = new ArrayList<>();
        for (int start = 0; start < children.size(); start += FAN_OUT) {
          List<IndexTable.Child> group =
              children.subList(start, Math.min(children.size(), start + FAN_OUT));
          long rowsBelow = group.stream().mapToLong(IndexTable.Child::rows).sum();
          IndexTable node =
              new IndexTable(null, null, null, null, null, level, rowsBelow, List.copyOf(group));
          parents.add(writeNode(node, group.get(0).first(), encoder, id, out));
        }
        children = parents;
        level++;
      }
      IndexTable table =
          new IndexTable(
              IndexRef.CURRENT,
              manifest.jobId(),
              manifest.snapshotType().wireName(),
              manifest.parentFull(),
              writer(manifest),
              level,
              rows.size(),
              children);
      long tableOffset = out.size();
      byte[] raw = Json.write(table);
      FrameEncoder.Encoded frame = encoder.encode(raw, raw.length, true, id, tableOffset);
      out.write(frame.bytes(), 0, frame.length());
      byte[] bytes = out.toByteArray();
      IndexRef ref =
          new IndexRef(
              IndexRef.CURRENT,
              key,
              bytes.length,
              Sha256.hex(bytes),
              tableOffset,
              frame.length(),
              Sha256.hex(frame.bytes(), 0, frame.length()),
              rows.size(),
              encryptionKey == null ? null : encryptionKey.keyId());
      return new Written(bytes, ref);
    }
  }

  private static IndexTable.Child writeNode(
      IndexTable node, String first, FrameEncoder encoder, String id, ByteArrayOutputStream out) {
    byte[] raw = Json.write(node);
    long offset = out.size();
    FrameEncoder.Encoded frame = encoder.encode(raw, raw.length, true, id, offset);
    out.write(frame.bytes(), 0, frame.length());
    return new IndexTable.Child(
        first, offset, frame.length(), Sha256.hex(frame.bytes(), 0, frame.length()), node.rows());
  }

  private static String writer(Manifest manifest) {
    Map<String, String> tools = manifest.toolVersions();
    String version = tools == null ? null : tools.get("bulwark");
    return version != null ? version : EngineVersion.bulwark();
  }

  private record Row(String path, FileEntry entry) {}
}
