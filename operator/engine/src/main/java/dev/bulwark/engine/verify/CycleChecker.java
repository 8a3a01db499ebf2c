package dev.bulwark.engine.verify;

import dev.bulwark.engine.EncryptionKeyException;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.crypto.FrameCipher;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.IndexRef;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.PackObject;
import dev.bulwark.engine.format.PackRef;
import dev.bulwark.engine.format.Sha256;
import dev.bulwark.engine.pack.CorruptFrameException;
import dev.bulwark.engine.pack.FrameDecoder;
import dev.bulwark.engine.pack.PackReader;
import dev.bulwark.engine.progress.ProgressTracker;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.ObjectInfo;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies the snapshots of one full cycle together, so that each pack of the cycle is checked
 * (and, with read-data, read) once however many snapshots use it.
 */
final class CycleChecker {
  private final Repository repo;
  private final String id;
  private final List<VerifyProblem> problems;

  /** Pack key -> the job that first named it, for messages. */
  private final Map<String, String> packs = new LinkedHashMap<>();

  private final Map<String, String> packIds = new HashMap<>();
  private final Map<String, PackObject> written = new HashMap<>();

  /** Pack id -> distinct file locations in it. */
  private final Map<String, Map<String, FileRef>> locations = new HashMap<>();

  /** The snapshots' own indexes, with the manifests they must agree with. */
  private final List<Manifest> indexed = new ArrayList<>();

  private boolean encrypted;
  private String keyProblem;
  private int packsChecked;
  private int packsRead;
  private long filesVerified;

  private record FileRef(FileEntry entry, String jobId) {}

  /** A file whose bytes are being hashed as the pack's frames pass. */
  private static final class ActiveFile {
    final FileRef ref;
    final long rawStart;
    final MessageDigest digest = Sha256.newDigest();
    long hashed;

    ActiveFile(FileRef ref, long rawStart) {
      this.ref = ref;
      this.rawStart = rawStart;
    }
  }

  CycleChecker(Repository repo, String id, List<VerifyProblem> problems) {
    this.repo = repo;
    this.id = id;
    this.problems = problems;
  }

  String id() {
    return id;
  }

  int packsChecked() {
    return packsChecked;
  }

  int packsRead() {
    return packsRead;
  }

  long filesVerified() {
    return filesVerified;
  }

  /** Loads the cycle's full when the verified set starts with one of its incrementals. */
  void loadFull(SnapshotSummary incremental) {
    try {
      Optional<SnapshotSummary> full = repo.catalog().find(id);
      if (full.isEmpty()) {
        problems.add(
            new VerifyProblem(
                incremental.manifestKey(),
                incremental.jobId(),
                "depends on full snapshot " + id + ", which is not in the catalog"));
        return;
      }
      add(repo.readManifest(full.get()), full.get());
    } catch (EngineException e) {
      problems.add(
          new VerifyProblem(e.subject().orElse(id), incremental.jobId(), Verifier.reason(e)));
    }
  }

  void add(Manifest manifest, SnapshotSummary snapshot) {
    String job = manifest.jobId();
    if (manifest.encryption() != null) {
      encrypted = true;
      try {
        repo.checkKeyFor(manifest, snapshot.manifestKey());
      } catch (EncryptionKeyException e) {
        keyProblem = Verifier.reason(e);
      }
    }
    for (PackObject o : manifest.objectList()) {
      written.put(o.path(), o);
      packs.putIfAbsent(o.path(), job);
    }
    if (manifest.ownIndex().isPresent()) {
      indexed.add(manifest);
    }
    Map<String, String> table = new HashMap<>();
    for (PackRef ref : manifest.packs()) {
      table.put(ref.id(), ref.key());
      packs.putIfAbsent(ref.key(), job);
      packIds.put(ref.key(), ref.id());
    }
    for (FileEntry e : manifest.files()) {
      if (!e.hasData() || e.sizeOrZero() == 0) {
        continue;
      }
      if (!table.containsKey(e.pack())) {
        problems.add(
            new VerifyProblem(
                snapshot.manifestKey(),
                job,
                "file " + e.path() + " names pack " + e.pack() + ", absent from its packs table"));
        continue;
      }
      String location = e.offset() + "/" + e.skip() + "/" + e.size() + "/" + e.sha256();
      locations
          .computeIfAbsent(e.pack(), k -> new LinkedHashMap<>())
          .putIfAbsent(location, new FileRef(e, job));
    }
  }

  void finish(boolean readData, ProgressTracker progress) {
    if (readData && encrypted && keyProblem != null) {
      problems.add(new VerifyProblem(id, id, "data not read: " + keyProblem));
      readData = false;
    }
    for (Manifest m : indexed) {
      IndexRef ref = m.ownIndex().orElseThrow();
      for (String problem : IndexCheck.check(repo, m, ref, readData)) {
        problems.add(new VerifyProblem(ref.key(), m.jobId(), problem));
      }
    }
    FrameCipher cipher = repo.encryptionKey().map(FrameCipher::new).orElse(null);
    try (FrameDecoder decoder = new FrameDecoder(encrypted ? cipher : null)) {
      for (Map.Entry<String, String> pack : packs.entrySet()) {
        String key = pack.getKey();
        String job = pack.getValue();
        packsChecked++;
        Optional<ObjectInfo> info;
        try {
          info = repo.target().head(key);
        } catch (IOException e) {
          problems.add(new VerifyProblem(key, job, "cannot be checked: " + e.getMessage()));
          continue;
        }
        if (info.isEmpty()) {
          problems.add(new VerifyProblem(key, job, "is missing"));
          continue;
        }
        PackObject expected = written.get(key);
        if (expected != null && expected.size() != info.get().size()) {
          problems.add(
              new VerifyProblem(
                  key,
                  job,
                  "has "
                      + info.get().size()
                      + " bytes but the manifest recorded "
                      + expected.size()));
        }
        if (readData) {
          readPack(key, job, expected, info.get().size(), decoder, progress);
        }
      }
    }
  }

  private void readPack(
      String key,
      String job,
      PackObject expected,
      long size,
      FrameDecoder decoder,
      ProgressTracker progress) {
    packsRead++;
    String packId = packIds.get(key);
    List<FileRef> files =
        new ArrayList<>(
            packId == null ? List.of() : locations.getOrDefault(packId, Map.of()).values());
    files.sort(
        Comparator.comparing((FileRef f) -> f.entry().offset())
            .thenComparing(f -> f.entry().skip()));
    MessageDigest packDigest = Sha256.newDigest();
    try (InputStream raw = repo.target().get(key);
        DigestInputStream digesting = new DigestInputStream(raw, packDigest);
        InputStream in = new BufferedInputStream(digesting, 1 << 20)) {
      String idForFrames = packId != null ? packId : idFromKey(key);
      PackReader reader = new PackReader(in, decoder, idForFrames, 0, size);
      int next = 0;
      List<ActiveFile> active = new ArrayList<>();
      try {
        PackReader.PlacedFrame frame;
        while ((frame = reader.next()) != null) {
          progress.transferred(reader.offset() - frame.offset());
          while (next < files.size() && files.get(next).entry().offset() < frame.offset()) {
            fileProblem(key, files.get(next++), "its offset is not the start of a frame");
          }
          while (next < files.size() && files.get(next).entry().offset() == frame.offset()) {
            FileRef f = files.get(next++);
            active.add(new ActiveFile(f, frame.rawStart() + f.entry().skip()));
          }
          route(key, frame, active);
        }
      } catch (CorruptFrameException e) {
        problems.add(
            new VerifyProblem(
                key, job, "frame at byte " + reader.offset() + ": " + e.getMessage()));
        for (ActiveFile a : active) {
          fileProblem(key, a.ref, "its data lies in the corrupt part of the pack");
        }
        active.clear();
        while (next < files.size()) {
          fileProblem(key, files.get(next++), "its data lies in the corrupt part of the pack");
        }
      }
      for (ActiveFile a : active) {
        fileProblem(key, a.ref, "the pack ends before the file's data does");
      }
      while (next < files.size()) {
        fileProblem(key, files.get(next++), "the pack ends before the file's frame");
      }
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      problems.add(new VerifyProblem(key, job, "cannot be read: " + e.getMessage()));
      return;
    }
    if (expected != null) {
      String actual = Sha256.finish(packDigest);
      if (!actual.equals(expected.sha256())) {
        problems.add(
            new VerifyProblem(
                key,
                job,
                "SHA-256 is " + actual + " but the manifest recorded " + expected.sha256()));
      }
    }
  }

  private void route(String key, PackReader.PlacedFrame frame, List<ActiveFile> active) {
    long frameStart = frame.rawStart();
    long frameEnd = frameStart + frame.rawLength();
    Iterator<ActiveFile> it = active.iterator();
    while (it.hasNext()) {
      ActiveFile a = it.next();
      long size = a.ref.entry().sizeOrZero();
      long from = Math.max(a.rawStart + a.hashed, frameStart);
      long to = Math.min(a.rawStart + size, frameEnd);
      if (to > from) {
        a.digest.update(frame.raw(), (int) (from - frameStart), (int) (to - from));
        a.hashed += to - from;
      }
      if (a.hashed == size) {
        it.remove();
        filesVerified++;
        String actual = Sha256.finish(a.digest);
        if (!actual.equals(a.ref.entry().sha256())) {
          fileProblem(
              key,
              a.ref,
              "content SHA-256 is " + actual + " but the manifest says " + a.ref.entry().sha256());
        }
      }
    }
  }

  private void fileProblem(String key, FileRef f, String reason) {
    problems.add(new VerifyProblem(key, f.jobId(), "file " + f.entry().path() + ": " + reason));
  }

  private static String idFromKey(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }
}
