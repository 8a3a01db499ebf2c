package dev.bulwark.engine.restore;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.Repository;
import dev.bulwark.engine.RestoreFailedException;
import dev.bulwark.engine.RestoreFailedException.FileFailure;
import dev.bulwark.engine.RestoreRefusedException;
import dev.bulwark.engine.SchemaVersionsRefusedException;
import dev.bulwark.engine.SnapshotNotFoundException;
import dev.bulwark.engine.catalog.SnapshotIndex;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.crypto.FrameCipher;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.SchemaVersions;
import dev.bulwark.engine.progress.Phase;
import dev.bulwark.engine.progress.ProgressListener;
import dev.bulwark.engine.progress.ProgressTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Restores a snapshot, or part of it, into a directory from the repository alone (R13, R14): L1
 * paths or globs, L2 a point in time, L3 everything. All checks run before the first write; files
 * are written under temporary names and renamed into place only once their SHA-256 matched.
 */
public final class RestoreEngine {
  private static final long RANGE_GAP = 1024 * 1024;
  private static final long RANGE_MAX = 32L * 1024 * 1024;

  private final Repository repo;

  public RestoreEngine(Repository repository) {
    this.repo = Objects.requireNonNull(repository, "repository");
  }

  /** Resolves the snapshot a request names: by id, by point in time, or the newest. */
  public SnapshotSummary resolve(RestoreRequest request) throws EngineException {
    if (request.snapshotId().isPresent()) {
      String id = request.snapshotId().get();
      return repo.catalog()
          .find(id)
          .orElseThrow(
              () ->
                  new SnapshotNotFoundException(
                      "no snapshot " + id + " of policy " + repo.layout().policy()));
    }
    if (request.at().isPresent()) {
      Instant at = request.at().get();
      return repo.catalog()
          .newestAtOrBefore(at)
          .orElseThrow(
              () ->
                  new SnapshotNotFoundException(
                      "no snapshot of policy " + repo.layout().policy()
                          + " had finished at or before " + at));
    }
    return repo.catalog()
        .newest()
        .orElseThrow(
            () ->
                new SnapshotNotFoundException(
                    "policy " + repo.layout().policy() + " has no snapshots on "
                        + repo.target().describe()));
  }

  /** Restores without progress reporting. */
  public RestoreResult restore(RestoreRequest request) throws EngineException {
    return restore(request, ProgressListener.NONE);
  }

  /**
   * Restores.
   *
   * @throws SnapshotNotFoundException when no snapshot matches
   * @throws RestoreRefusedException when a pre-check fails (nothing was written)
   * @throws RestoreFailedException when some entries could not be restored correctly
   */
  public RestoreResult restore(RestoreRequest request, ProgressListener listener)
      throws EngineException {
    Instant startedAt = repo.clock().instant();
    ProgressTracker progress = new ProgressTracker(listener);
    try {
      progress.phase(Phase.PLANNING);
      SnapshotSummary snapshot = resolve(request);
      SnapshotIndex index = repo.readIndex(snapshot);
      repo.checkKeyFor(index.manifest(), snapshot.manifestKey());
      repo.checkKeyFor(index.fullManifest(), index.fullManifest().jobId());
      Path root = destinationRoot(request.destination());
      RestorePlan plan = RestorePlan.build(index, request, root);
      List<String> unreadable = SchemaVersions.unreadable(plan.files, request.readerSchemaVersions());
      if (!unreadable.isEmpty()) {
        throw new SchemaVersionsRefusedException(snapshot.jobId(), unreadable);
      }
      plan.checkPacks(index, repo.target());
      plan.checkDestination(root, request.force(), request.dryRun());
      long entries = plan.files.size() + plan.directories.size() + plan.symlinks.size();
      progress.addTotal(entries, plan.bytes);
      progress.totalsFinal();
      progress.phase(Phase.RESTORING);
      Destination destination = new Destination(root, request.force());
      Queue<FileFailure> failures = new ConcurrentLinkedQueue<>();
      Throwable fatal = execute(plan, index, destination, request, failures, progress);
      if (fatal != null || !failures.isEmpty()) {
        List<FileFailure> list = new ArrayList<>(failures);
        if (fatal != null) {
          list.add(0, new FileFailure(fatalPath(fatal), "restore stopped: " + fatal.getMessage()));
        }
        throw new RestoreFailedException(snapshot.jobId(), list, fatal);
      }
      progress.report();
      return new RestoreResult(
          snapshot.jobId(),
          snapshot.type(),
          snapshot.finishedAt(),
          root,
          plan.files.size(),
          plan.directories.size(),
          plan.symlinks.size(),
          plan.bytes,
          progress.bytesTransferred(),
          request.dryRun(),
          startedAt,
          repo.clock().instant(),
          plan.warnings);
    } finally {
      progress.phase(Phase.DONE);
    }
  }

  private static String fatalPath(Throwable fatal) {
    return fatal instanceof PackExtractor.DestinationFailure d ? d.path : "destination";
  }

  private static Path destinationRoot(Path destination) throws RestoreRefusedException {
    Path root = destination.toAbsolutePath().normalize();
    if (Files.exists(root)) {
      try {
        // The operator named this directory; if it is a symlink to one, restore into its target.
        return root.toRealPath();
      } catch (IOException e) {
        throw new RestoreRefusedException(root.toString(), "cannot resolve: " + e.getMessage(), List.of());
      }
    }
    return root;
  }

  private Throwable execute(
      RestorePlan plan,
      SnapshotIndex index,
      Destination destination,
      RestoreRequest request,
      Queue<FileFailure> failures,
      ProgressTracker progress) {
    boolean dryRun = request.dryRun();
    try {
      if (!dryRun) {
        Files.createDirectories(destination.root());
        destination.probeUmask();
        for (FileEntry dir : plan.directories) {
          destination.ensureDirectory(dir.path());
        }
        for (FileEntry e : plan.files) {
          destination.ensureDirectory(Destination.parentOf(e.path()));
        }
        for (FileEntry link : plan.symlinks) {
          destination.ensureDirectory(Destination.parentOf(link.path()));
          destination.createSymlink(link);
          progress.advance(1, 0);
        }
      }
      for (FileEntry e : plan.files) {
        if (e.sizeOrZero() == 0) {
          String problem = destination.open(e, dryRun).finish();
          if (problem != null) {
            failures.add(new FileFailure(e.path(), problem));
          }
          progress.advance(1, 0);
        }
      }
    } catch (IOException e) {
      return new PackExtractor.DestinationFailure(destination.root().toString(), e);
    }
    Throwable fatal = extractAll(ranges(plan, index), destination, request, failures, progress);
    if (fatal != null || dryRun) {
      return fatal;
    }
    List<FileEntry> dirs = new ArrayList<>(plan.directories);
    dirs.sort(Comparator.comparing(FileEntry::path).reversed());
    for (FileEntry dir : dirs) {
      try {
        destination.applyDirectoryMetadata(dir);
        progress.advance(1, 0);
      } catch (IOException e) {
        failures.add(new FileFailure(dir.path(), "cannot set mode or time: " + e.getMessage()));
      }
    }
    return null;
  }

  private Throwable extractAll(
      List<ExtractionRange> ranges,
      Destination destination,
      RestoreRequest request,
      Queue<FileFailure> failures,
      ProgressTracker progress) {
    Queue<ExtractionRange> queue = new ConcurrentLinkedQueue<>(ranges);
    AtomicReference<Throwable> fatal = new AtomicReference<>();
    int threads = Math.max(1, Math.min(request.threads(), ranges.size()));
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                FrameCipher cipher = repo.encryptionKey().map(FrameCipher::new).orElse(null);
                try (PackExtractor extractor =
                    new PackExtractor(
                        repo.target(), cipher, destination, request.dryRun(), failures, progress)) {
                  ExtractionRange range;
                  while (fatal.get() == null && (range = queue.poll()) != null) {
                    extractor.extract(range);
                  }
                } catch (RuntimeException | Error e) {
                  fatal.compareAndSet(null, e);
                }
              },
              "bulwark-restore-" + i);
      t.setDaemon(true);
      t.start();
      workers.add(t);
    }
    for (Thread t : workers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fatal.compareAndSet(null, e);
      }
    }
    return fatal.get();
  }

  /** Groups files with data by pack into ranges read with one request each. */
  private static List<ExtractionRange> ranges(RestorePlan plan, SnapshotIndex index) {
    Map<String, List<FileEntry>> byPack = new LinkedHashMap<>();
    for (FileEntry e : plan.files) {
      if (e.sizeOrZero() > 0) {
        byPack.computeIfAbsent(e.pack(), k -> new ArrayList<>()).add(e);
      }
    }
    List<ExtractionRange> ranges = new ArrayList<>();
    for (Map.Entry<String, List<FileEntry>> pack : byPack.entrySet()) {
      String key = index.packKey(pack.getKey()).orElseThrow();
      List<FileEntry> files = pack.getValue();
      files.sort(Comparator.comparing(FileEntry::offset).thenComparing(FileEntry::skip));
      long start = -1;
      long end = -1;
      List<FileEntry> current = new ArrayList<>();
      for (FileEntry e : files) {
        long eEnd = e.offset() + e.length();
        boolean sameFrame = e.offset() < end;
        boolean near = e.offset() <= end + RANGE_GAP && Math.max(end, eEnd) - start <= RANGE_MAX;
        if (start >= 0 && (sameFrame || near)) {
          end = Math.max(end, eEnd);
          current.add(e);
        } else {
          if (start >= 0) {
            ranges.add(new ExtractionRange(pack.getKey(), key, start, end, current));
          }
          start = e.offset();
          end = eEnd;
          current = new ArrayList<>(List.of(e));
        }
      }
      if (start >= 0) {
        ranges.add(new ExtractionRange(pack.getKey(), key, start, end, current));
      }
    }
    ranges.sort(Comparator.comparingLong((ExtractionRange r) -> r.end() - r.start()).reversed());
    return ranges;
  }
}
