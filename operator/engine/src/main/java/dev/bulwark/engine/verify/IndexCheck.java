package dev.bulwark.engine.verify;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.crypto.FrameCipher;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.IndexRef;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.PackRef;
import dev.bulwark.engine.format.Sha256;
import dev.bulwark.engine.index.IndexBlock;
import dev.bulwark.engine.index.IndexReader;
import dev.bulwark.engine.index.IndexTable;
import dev.bulwark.engine.index.PathOrder;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a snapshot's seekable index: that it exists with the recorded size and, reading data, that
 * its SHA-256 is the recorded one (so any changed byte is named) and that it says exactly what its
 * hashed manifest says: the same entries, deletions and pack keys, in path order.
 */
final class IndexCheck {
  private IndexCheck() {}

  /** What is wrong with {@code manifest}'s own index. */
  static List<String> check(Repository repo, Manifest manifest, IndexRef ref, boolean readData) {
    List<String> problems = new ArrayList<>();
    Optional<ObjectInfo> info;
    try {
      info = repo.target().head(ref.key());
    } catch (IOException e) {
      problems.add("cannot be checked: " + e.getMessage());
      return problems;
    }
    if (info.isEmpty()) {
      problems.add("is missing (the index of snapshot " + manifest.jobId() + ")");
      return problems;
    }
    if (info.get().size() != ref.size()) {
      problems.add("has " + info.get().size() + " bytes but the manifest recorded " + ref.size());
      return problems;
    }
    if (!readData) {
      return problems;
    }
    MessageDigest digest = Sha256.newDigest();
    try (InputStream in = new DigestInputStream(repo.target().get(ref.key()), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      problems.add("cannot be read: " + e.getMessage());
      return problems;
    }
    String actual = Sha256.finish(digest);
    if (!actual.equals(ref.sha256())) {
      problems.add("SHA-256 is " + actual + " but the manifest recorded " + ref.sha256());
      return problems;
    }
    FrameCipher cipher = null;
    if (ref.keyId() != null) {
      if (repo.encryptionKey().isEmpty()
          || !ref.keyId().equals(repo.encryptionKey().get().keyId())) {
        return problems; // the hash matched; the key problem is reported with the packs
      }
      cipher = new FrameCipher(repo.encryptionKey().get());
    }
    try (IndexReader reader = IndexReader.open(repo.target(), ref, manifest.jobId(), cipher)) {
      compare(manifest, ref, reader.table(), reader.all(), problems);
    } catch (EngineException e) {
      problems.add(Verifier.reason(e));
    }
    return problems;
  }

  private static void compare(
      Manifest manifest,
      IndexRef ref,
      IndexTable table,
      List<IndexReader.Leaf> blocks,
      List<String> problems) {
    if (!Objects.equals(table.snapshotType(), manifest.snapshotType().wireName())
        || !Objects.equals(table.parentFull(), manifest.parentFull())) {
      problems.add("its table names another snapshot type or full than the manifest");
    }
    Map<String, String> packKeys = new HashMap<>();
    for (PackRef p : manifest.packs()) {
      packKeys.put(p.id(), p.key());
    }
    List<FileEntry> entries = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    String previous = null;
    long rows = 0;
    for (int b = 0; b < blocks.size(); b++) {
      IndexBlock block = blocks.get(b).block();
      IndexTable.Child meta = blocks.get(b).meta();
      List<String> paths = new ArrayList<>();
      for (FileEntry e : block.entriesOrEmpty()) {
        paths.add(e.path());
        entries.add(e);
      }
      paths.addAll(block.deletedOrEmpty());
      deleted.addAll(block.deletedOrEmpty());
      paths.sort(PathOrder.COMPARATOR);
      rows += paths.size();
      if (paths.size() != meta.rows() || paths.isEmpty() || !paths.get(0).equals(meta.first())) {
        problems.add("index block " + b + " does not hold the rows its table row describes");
      }
      for (String p : paths) {
        if (previous != null && PathOrder.compare(previous, p) >= 0) {
          problems.add("index block " + b + " is out of path order at " + p);
        }
        previous = p;
      }
      for (PackRef p : block.packsOrEmpty()) {
        if (!Objects.equals(packKeys.get(p.id()), p.key())) {
          problems.add("index block " + b + " gives pack " + p.id() + " another key: " + p.key());
        }
      }
      for (FileEntry e : block.entriesOrEmpty()) {
        if (e.pack() != null
            && block.packsOrEmpty().stream().noneMatch(p -> p.id().equals(e.pack()))) {
          problems.add(
              "index entry " + e.path() + " names pack " + e.pack() + ", absent from its block");
        }
      }
    }
    if (rows != table.rows() || rows != ref.entries()) {
      problems.add("holds " + rows + " rows but its table and manifest recorded " + ref.entries());
    }
    List<FileEntry> expected = new ArrayList<>(manifest.files());
    expected.sort((a, c) -> PathOrder.compare(a.path(), c.path()));
    if (!expected.equals(entries)) {
      problems.add("its entries differ from the manifest's files");
    }
    List<String> expectedDeleted =
        new ArrayList<>(
            manifest.isFull() || manifest.deleted() == null ? List.of() : manifest.deleted());
    expectedDeleted.sort(PathOrder.COMPARATOR);
    if (!expectedDeleted.equals(deleted)) {
      problems.add("its deletions differ from the manifest's deleted");
    }
  }
}
