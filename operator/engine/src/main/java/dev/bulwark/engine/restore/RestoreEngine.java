package dev.bulwark.engine.restore;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.RestoreFailedException;
import dev.bulwark.engine.RestoreRefusedException;
import dev.bulwark.engine.SchemaVersionsRefusedException;
import dev.bulwark.engine.SnapshotNotFoundException;
import dev.bulwark.engine.catalog.SnapshotIndex;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.crypto.FrameCipher;
import dev.bulwark.engine.format.EntryType;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.SchemaVersions;
import dev.bulwark.engine.index.IndexedLookup;
import dev.bulwark.engine.progress.Phase;
import dev.bulwark.engine.progress.ProgressListener;
import dev.bulwark.engine.progress.ProgressTracker;
import dev.bulwark.engine.repository.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
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
                      "no snapshot of policy "
                          + repo.layout().policy()
                          + " had finished at or before "
                          + at));
    }
    return repo.catalog()
        .newest()
        .orElseThrow(
            () ->
                new SnapshotNotFoundException(
                    "policy "
                        + repo.layout().policy()
                        + " has no snapshots on "
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
   * @throws RestoreFailedException when some entries were not restored; it counts and lists them
   */
  public RestoreResult restore(RestoreRequest request, ProgressListener listener)
      throws EngineException {
    Instant startedAt = repo.clock().instant();
    ProgressTracker progress = new ProgressTracker(listener);
    try {
      progress.phase(Phase.PLANNING);
      SnapshotSummary snapshot = resolve(request);
      SnapshotIndex index = readIndex(snapshot, request);
      Path root = destinationRoot(request.destination());
      RestorePlan plan = RestorePlan.build(index, request, root);
      List<String> unreadable =
          SchemaVersions.unreadable(plan.files, request.readerSchemaVersions());
      if (!unreadable.isEmpty()) {
        throw new SchemaVersionsRefusedException(snapshot.jobId(), unreadable);
      }
      plan.checkPacks(index, repo.target());
      plan.checkDestination(root, request.force(), request.dryRun());
      long entries = plan.files.size() + plan.directories.size() + plan.symlinks.size();
      progress.addTotal(entries, plan.bytes);
      progress.totalsFinal();
      progress.phase(Phase.RESTORING);
      RestoreLedger ledger = new RestoreLedger(plan.entries());
      Throwable fatal = execute(plan, index, root, request, ledger, progress);
      if (fatal != null || !ledger.restoredAll()) {
        String stopped = fatal == null ? null : stopReason(fatal);
        throw new RestoreFailedException(
            snapshot.jobId(),
            ledger.counts(),
            ledger.problems(
                stopped == null
                    ? "not attempted"
                    : "not attempted: the restore stopped before reaching it"),
            stopped,
            fatal);
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

  /**
   * The entries the request may select: for literal paths, looked up in the snapshot's seekable
   * index (a few KiB read); for globs, everything, or a snapshot written without an index, the
   * complete index from the manifests.
   */
  private SnapshotIndex readIndex(SnapshotSummary snapshot, RestoreRequest request)
      throws EngineException {
    Optional<List<String>> literal = literalPaths(request.paths());
    if (literal.isPresent()) {
      Optional<SnapshotIndex> looked = new IndexedLookup(repo).select(snapshot, literal.get());
      if (looked.isPresent()) {
        return looked.get();
      }
    }
    SnapshotIndex index = repo.readIndex(snapshot);
    repo.checkKeyFor(index.manifest(), snapshot.manifestKey());
    repo.checkKeyFor(index.fullManifest(), index.fullManifest().jobId());
    return index;
  }

  /**
   * The request's paths as archive paths when every one is a plain path (no glob character, no
   * empty, "." or ".." segment), else empty: only plain paths name a subtree an index can seek to.
   */
  static Optional<List<String>> literalPaths(List<String> paths) {
    if (paths.isEmpty()) {
      return Optional.empty();
    }
    List<String> literal = new ArrayList<>();
    for (String glob : paths) {
      String g = glob;
      while (g.startsWith("/")) {
        g = g.substring(1);
      }
      while (g.endsWith("/") && g.length() > 1) {
        g = g.substring(0, g.length() - 1);
      }
      for (char c : g.toCharArray()) {
        if ("*?[]{}\\".indexOf(c) >= 0) {
          return Optional.empty();
        }
      }
      if (g.isEmpty() || PathGuard.pathProblem(g) != null) {
        return Optional.empty();
      }
      literal.add(g);
    }
    return Optional.of(literal);
  }

  private static String stopReason(Throwable fatal) {
    if (fatal instanceof PackExtractor.DestinationFailure d) {
      return d.getMessage();
    }
    return fatal.getClass().getSimpleName() + ": " + fatal.getMessage();
  }

  private static Path destinationRoot(Path destination) throws RestoreRefusedException {
    Path root = destination.toAbsolutePath().normalize();
    if (Files.exists(root)) {
      try {
        // The operator named this directory; if it is a symlink to one, restore into its target.
        return root.toRealPath();
      } catch (IOException e) {
        throw new RestoreRefusedException(
            root.toString(), "cannot resolve: " + e.getMessage(), List.of());
      }
    }
    return root;
  }

  /** Runs the plan; returns what stopped it early (null when every entry was attempted). */
  private Throwable execute(
      RestorePlan plan,
      SnapshotIndex index,
      Path root,
      RestoreRequest request,
      RestoreLedger ledger,
      ProgressTracker progress) {
    if (request.dryRun()) {
      plan.directories.forEach(d -> ledger.restored(d.path()));
      plan.symlinks.forEach(l -> ledger.restored(l.path()));
      for (FileEntry e : plan.files) {
        if (e.sizeOrZero() == 0) {
          finishEmpty(Destination.hashOnly(e), e, ledger);
          progress.advance(1, 0);
        }
      }
      return extractAll(ranges(plan, index), null, request, ledger, progress);
    }
    Destination destination;
    try {
      Files.createDirectories(root);
      destination = Destination.open(root.toRealPath(), request.force());
    } catch (IOException e) {
      return new PackExtractor.DestinationFailure(
          root.toString(), "cannot open " + root + ": " + Destination.reason(e), e);
    }
    try (destination) {
      Throwable fatal = prepare(plan, destination, ledger, progress, request.threads());
      if (fatal == null) {
        fatal = extractAll(ranges(plan, index), destination, request, ledger, progress);
      }
      demoteDisplaced(plan, destination, ledger);
      if (fatal != null) {
        return fatal;
      }
      // Children before parents (a parent's time must be set after its entries changed it, and a
      // read-only parent must not stop the restore reaching its children); a level across threads.
      List<String> dirs = new ArrayList<>();
      Map<String, FileEntry> byPath = new HashMap<>();
      for (FileEntry dir : plan.directories) {
        if (!ledger.decided(
            dir.path())) { // refused or displaced: not the directory the restore made
          dirs.add(dir.path());
          byPath.put(dir.path(), dir);
        }
      }
      return new DirectoryLevels(destination, request.threads())
          .run(
              DirectoryLevels.byDepthDeepestFirst(dirs),
              (path, handles) ->
                  applyDirectoryMetadata(byPath.get(path), destination, handles, ledger, progress));
    }
  }

  private static void applyDirectoryMetadata(
      FileEntry dir,
      Destination destination,
      DirectoryHandles handles,
      RestoreLedger ledger,
      ProgressTracker progress) {
    try {
      destination.applyDirectoryMetadata(dir, handles);
      ledger.restored(dir.path());
      progress.advance(1, 0);
    } catch (DestinationChangedException e) {
      ledger.refused(dir.path(), e.getMessage());
    } catch (IOException e) {
      ledger.failed(
          dir.path(),
          "cannot set the mode or time of "
              + destination.pathOf(dir.path())
              + ": "
              + Destination.reason(e));
    }
  }

  /**
   * Makes the directories, the symlinks and the empty files. A directory that cannot be made
   * because the destination changed refuses itself (and, later, what lies under it).
   *
   * <p>The directories are first made a depth level at a time across {@code threads} threads; a
   * directory that cannot be made there is tried again in plan order below, which refuses every
   * entry that needs it with the reason, exactly as if all had been made on one thread.
   */
  private static Throwable prepare(
      RestorePlan plan,
      Destination destination,
      RestoreLedger ledger,
      ProgressTracker progress,
      int threads) {
    String at = destination.root().toString();
    try {
      destination.probeUmask();
      List<String> needed = new ArrayList<>();
      plan.directories.forEach(d -> needed.add(d.path()));
      plan.symlinks.forEach(l -> needed.add(Destination.parentOf(l.path())));
      plan.files.forEach(f -> needed.add(Destination.parentOf(f.path())));
      DirectoryLevels levels = new DirectoryLevels(destination, threads);
      Throwable stopped =
          levels.run(
              DirectoryLevels.withAncestorsByDepth(needed),
              (dir, handles) -> {
                if (!levels.parentPrepared(dir)) {
                  return; // its parent could not be made: the pass below refuses what needs it
                }
                try {
                  destination.ensureDirectory(dir, handles);
                } catch (DestinationChangedException e) {
                  // Tried again below, where the entries that need it are refused.
                } catch (IOException e) {
                  throw DirectoryLevels.failure(destination.pathOf(dir).toString(), e);
                }
              });
      if (stopped != null) {
        return stopped;
      }
      for (FileEntry dir : plan.directories) {
        at = destination.pathOf(dir.path()).toString();
        try {
          destination.ensureDirectory(dir.path());
        } catch (DestinationChangedException e) {
          ledger.refused(dir.path(), e.getMessage());
        }
      }
      List<FileEntry> leaves = new ArrayList<>(plan.symlinks);
      leaves.addAll(plan.files);
      for (FileEntry e : leaves) {
        at = destination.pathOf(Destination.parentOf(e.path())).toString();
        try {
          destination.ensureDirectory(Destination.parentOf(e.path()));
        } catch (DestinationChangedException ex) {
          ledger.refused(e.path(), ex.getMessage());
        }
      }
      for (FileEntry link : plan.symlinks) {
        if (ledger.decided(link.path())) {
          continue;
        }
        try {
          destination.createSymlink(link);
          ledger.restored(link.path());
        } catch (DestinationChangedException e) {
          ledger.refused(link.path(), e.getMessage());
        } catch (IOException e) {
          ledger.failed(
              link.path(),
              "cannot create symlink "
                  + destination.pathOf(link.path())
                  + ": "
                  + Destination.reason(e));
        }
        progress.advance(1, 0);
      }
      try (DirectoryHandles handles = destination.handles()) {
        for (FileEntry e : plan.files) {
          if (e.sizeOrZero() != 0 || ledger.decided(e.path())) {
            continue;
          }
          at = destination.pathOf(e.path()).toString();
          try {
            finishEmpty(destination.open(e, handles), e, ledger);
          } catch (DestinationChangedException ex) {
            ledger.refused(e.path(), ex.getMessage());
          }
          progress.advance(1, 0);
        }
      }
    } catch (IOException e) {
      String message = Destination.reason(e);
      return new PackExtractor.DestinationFailure(
          at, message.contains(at) ? message : "cannot write " + at + ": " + message, e);
    }
    return null;
  }

  private static void finishEmpty(Destination.FileSink sink, FileEntry e, RestoreLedger ledger) {
    try {
      String problem = sink.finish();
      if (problem == null) {
        ledger.restored(e.path());
      } else {
        ledger.failed(e.path(), problem);
      }
    } catch (DestinationChangedException ex) {
      ledger.refused(e.path(), ex.getMessage());
    } catch (IOException ex) {
      ledger.failed(
          e.path(),
          "cannot put " + sink.destinationPath() + " in place: " + Destination.reason(ex));
    }
  }

  /**
   * After the writes, checks that every directory written into is still the one the restore made or
   * found: an entry restored into a directory that was since moved away or replaced is not where it
   * belongs, and is reported.
   */
  private static void demoteDisplaced(
      RestorePlan plan, Destination destination, RestoreLedger ledger) {
    Set<String> restored = new HashSet<>(ledger.restoredPaths());
    Set<String> directories = new HashSet<>();
    for (String path : restored) {
      directories.add(Destination.parentOf(path));
    }
    for (FileEntry dir : plan.directories) {
      if (!ledger.decided(dir.path())) {
        directories.add(dir.path());
      }
    }
    Set<String> displaced = destination.displaced(directories);
    if (displaced.isEmpty()) {
      return;
    }
    Map<String, String> reasons = new HashMap<>();
    for (FileEntry e : plan.entries()) {
      String dir = e.type() == EntryType.DIRECTORY ? e.path() : Destination.parentOf(e.path());
      boolean wasRestored = restored.contains(e.path());
      if (displaced.contains(dir) && (wasRestored || !ledger.decided(e.path()))) {
        String why = reasons.computeIfAbsent(dir, destination::displacedReason);
        ledger.refused(
            e.path(), why + (wasRestored ? " (the entry was written into it before)" : ""));
      }
    }
  }

  private Throwable extractAll(
      List<ExtractionRange> ranges,
      Destination destination,
      RestoreRequest request,
      RestoreLedger ledger,
      ProgressTracker progress) {
    Queue<ExtractionRange> queue = new ConcurrentLinkedQueue<>(ranges);
    AtomicReference<Throwable> fatal = new AtomicReference<>();
    int threads = Math.max(1, Math.min(request.threads(), ranges.size()));
    Runnable worker =
        () -> {
          FrameCipher cipher = repo.encryptionKey().map(FrameCipher::new).orElse(null);
          try (PackExtractor extractor =
              new PackExtractor(repo.target(), cipher, destination, ledger, progress)) {
            ExtractionRange range;
            while (fatal.get() == null && (range = queue.poll()) != null) {
              extractor.extract(range);
            }
          } catch (RuntimeException | Error e) {
            fatal.compareAndSet(null, e);
          }
        };
    // On an interrupt the workers stop after their current range (each file in it is finished or
    // discarded); all are waited for, so nothing writes once the restore has returned.
    return WorkerThreads.runAll(threads, "bulwark-restore", worker, fatal);
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
