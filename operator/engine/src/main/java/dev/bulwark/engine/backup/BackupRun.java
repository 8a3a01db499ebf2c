package dev.bulwark.engine.backup;

import dev.bulwark.engine.EngineVersion;
import dev.bulwark.engine.crypto.FrameCipher;
import dev.bulwark.engine.format.EntryType;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.FormatVersion;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.PackObject;
import dev.bulwark.engine.format.PackRef;
import dev.bulwark.engine.format.SchemaVersions;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.pack.FrameEncoder;
import dev.bulwark.engine.pack.PackWriter;
import dev.bulwark.engine.progress.ProgressTracker;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.ObjectWriter;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One backup job's data phase: the calling thread walks the sources and classifies every entry
 * against the parent (unchanged entries are final at once), while worker threads read, hash and
 * pack the rest into packs of their own. Then it assembles the manifest.
 */
final class BackupRun {
  private static final int UNIT_ENTRIES = 256;
  private static final long UNIT_BYTES = 8L * 1024 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** How often a thread waiting on the queue or for the workers looks whether the job failed. */
  private static final long WAKE_MILLIS = 50;

  private final Repository repo;
  private final BackupRequest request;
  private final String jobId;
  private final Instant startedAt;
  private final SnapshotType type;
  private final ParentState parent;
  private final ProgressTracker progress;
  private final JobTags tags;
  private final UploadThrottle throttle;
  private final Warnings warnings = new Warnings();
  private final BlockingQueue<WorkUnit> queue = new ArrayBlockingQueue<>(64);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicInteger liveWorkers = new AtomicInteger();
  private volatile long failedAtNanos;
  private volatile boolean scanDone;
  private volatile int stuckWorkers;
  private final ConcurrentHashMap<String, CompletableFuture<PackWriter.Location>> claims =
      new ConcurrentHashMap<>();
  private final List<PackObject> written = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> newPackKeys = new ConcurrentHashMap<>();
  private final AtomicLong bytesRead = new AtomicLong();
  private final List<PendingEntry> entries = new ArrayList<>();
  private final List<String> planned = new ArrayList<>();
  private final List<Manifest.StreamRecord> streams = new ArrayList<>();

  /** Files and bytes per data domain of the whole snapshot, set by {@link #buildManifest}. */
  private final Map<String, BackupResult.DomainTotals> domainTotals = new TreeMap<>();

  private List<PendingEntry> unit = new ArrayList<>();
  private String unitDomain;
  private long unitBytes;

  BackupRun(
      Repository repo,
      BackupRequest request,
      String jobId,
      Instant startedAt,
      SnapshotType type,
      ParentState parent,
      ProgressTracker progress) {
    this.repo = repo;
    this.request = request;
    this.jobId = jobId;
    this.startedAt = startedAt;
    this.type = type;
    this.parent = parent;
    this.progress = progress;
    this.tags = new JobTags(repo, jobId);
    this.throttle =
        new UploadThrottle(request.uploadBytesPerSecond(), request.maxConcurrentUploads());
  }

  /**
   * Walks and packs everything; rethrows the first failure. Whatever fails (a worker, the scan, a
   * stream, a cancel that interrupts this thread), the run ends: no thread waits on the queue for a
   * marker that may never come, and this thread waits for the workers to stop writing before it
   * returns, for at most the request's cleanup timeout once the job has failed.
   */
  void execute() throws Exception {
    List<Thread> workers = new ArrayList<>();
    if (!request.dryRun()) {
      for (int i = 0; i < request.threads(); i++) {
        Thread t = new Thread(new PackingWorker(this), "bulwark-pack-" + i);
        t.setDaemon(true);
        workers.add(t);
        liveWorkers.incrementAndGet();
        t.start();
      }
    }
    java.util.concurrent.ExecutorService walkers =
        java.util.concurrent.Executors.newFixedThreadPool(
            request.threads(),
            r -> {
              Thread t = new Thread(r, "bulwark-walk");
              t.setDaemon(true);
              return t;
            });
    StreamPacker streamPacker = null;
    try {
      streamPacker = request.streams().isEmpty() ? null : new StreamPacker(this, startedAt);
      SourceScanner scanner = new SourceScanner(warnings, walkers);
      // Priority first: P0 directories, then P0 streams, then P1 directories...
      for (dev.bulwark.engine.format.SourcePriority priority :
          dev.bulwark.engine.format.SourcePriority.values()) {
        scanner.scan(
            ofPriority(request.sources(), SourceDirectory::priority, priority), this::classify);
        flushUnit();
        for (StreamSource stream :
            ofPriority(request.streams(), StreamSource::priority, priority)) {
          if (failed()) {
            break;
          }
          if (request.dryRun()) {
            // A stream's content is only known by producing it: a dry run names it and stops there.
            planned.add(stream.archivePath());
          } else {
            streamPacker.pack(stream, entries);
          }
        }
      }
      if (streamPacker != null && !request.dryRun() && !failed()) {
        streamPacker.finish();
        streams.addAll(streamPacker.records());
      }
    } catch (InterruptedException e) {
      fail(new InterruptedException("backup canceled"));
    } catch (Exception | Error e) {
      fail(e);
    } finally {
      try {
        if (streamPacker != null) {
          streamPacker.close();
        }
      } catch (RuntimeException e) {
        fail(e);
      }
      walkers.shutdownNow();
      scanDone = true;
      awaitWorkers(workers);
    }
    Throwable f = failure.get();
    if (f instanceof Exception e) {
      throw e;
    }
    if (f instanceof Error e) {
      throw e;
    }
    progress.totalsFinal();
  }

  /**
   * Waits until every worker ended. A cancel (an interrupt of this thread) fails the job and the
   * wait goes on, so nothing is cleaned up under an upload still in flight; once the job has failed
   * the wait is bounded by the cleanup timeout, after which the workers left are counted as stuck
   * (their uploads are left for the next job to clean up).
   */
  private void awaitWorkers(List<Thread> workers) {
    for (Thread t : workers) {
      while (t.isAlive()) {
        long waitMillis = WAKE_MILLIS;
        if (failed()) {
          long left = failedAtNanos + request.cleanupTimeout().toNanos() - System.nanoTime();
          if (left <= 0) {
            break;
          }
          waitMillis = Math.max(1, Math.min(waitMillis, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        try {
          t.join(waitMillis);
        } catch (InterruptedException e) {
          fail(new InterruptedException("backup canceled"));
        }
      }
    }
    int stuck = 0;
    for (Thread t : workers) {
      if (t.isAlive()) {
        stuck++;
      }
    }
    stuckWorkers = stuck;
  }

  private static <T> List<T> ofPriority(
      List<T> all,
      java.util.function.Function<T, dev.bulwark.engine.format.SourcePriority> priorityOf,
      dev.bulwark.engine.format.SourcePriority priority) {
    List<T> selected = new ArrayList<>();
    for (T item : all) {
      if (priorityOf.apply(item) == priority) {
        selected.add(item);
      }
    }
    return selected;
  }

  private void classify(ScannedEntry scanned) throws InterruptedException {
    if (failed()) {
      return;
    }
    FileStat st = scanned.stat();
    boolean isFile = st.type() == EntryType.FILE;
    progress.addTotal(1, isFile ? st.size() : 0);
    FileEntry previous = parent == null ? null : parent.current.get(scanned.archivePath());
    if (!isFile) {
      FileEntry e = metadataEntry(scanned);
      boolean pack = previous == null || !previous.equals(e);
      PendingEntry p = new PendingEntry(scanned, e, pack);
      entries.add(p);
      if (pack && !request.dryRun()) {
        addToUnit(p, 0, scanned.source().domain());
      } else {
        progress.advance(1, 0);
      }
      return;
    }
    if (unchanged(previous, st)) {
      FileEntry e =
          new FileEntry(
              scanned.archivePath(),
              EntryType.FILE,
              st.size(),
              FileEntry.formatMode(st.mode()),
              st.mtimeText(),
              st.inode(),
              previous.sha256(),
              null,
              scanned.source().domain(),
              scanned.source().priority(),
              previous.pack(),
              previous.offset(),
              previous.length(),
              previous.skip(),
              null,
              previous.schemaVersion());
      entries.add(new PendingEntry(scanned, e, false));
      progress.advance(1, st.size());
      return;
    }
    PendingEntry p = new PendingEntry(scanned, null, true);
    entries.add(p);
    if (request.dryRun()) {
      planned.add(scanned.archivePath());
      progress.advance(1, st.size());
    } else {
      addToUnit(p, st.size(), scanned.source().domain());
    }
  }

  /** Same size, mtime and inode as a stable stored read: the content is taken as unchanged. */
  private static boolean unchanged(FileEntry previous, FileStat st) {
    return previous != null
        && previous.type() == EntryType.FILE
        && previous.hasData()
        && previous.unstable() == null
        && previous.sizeOrZero() == st.size()
        && previous.inode() != null
        && previous.inode() == st.inode()
        && previous.mtime().equals(st.mtimeText());
  }

  private static FileEntry metadataEntry(ScannedEntry scanned) {
    FileStat st = scanned.stat();
    return new FileEntry(
        scanned.archivePath(),
        st.type(),
        null,
        FileEntry.formatMode(st.mode()),
        st.mtimeText(),
        null,
        null,
        scanned.link(),
        scanned.source().domain(),
        scanned.source().priority(),
        null,
        null,
        null,
        null,
        null);
  }

  private void addToUnit(PendingEntry p, long bytes, String domain) throws InterruptedException {
    if (unitDomain != null && !unitDomain.equals(domain)) {
      flushUnit();
    }
    unitDomain = domain;
    unit.add(p);
    unitBytes += bytes;
    if (unit.size() >= UNIT_ENTRIES || unitBytes >= UNIT_BYTES) {
      flushUnit();
    }
  }

  private void flushUnit() throws InterruptedException {
    if (!unit.isEmpty()) {
      WorkUnit full = new WorkUnit(unitDomain, unit);
      unit = new ArrayList<>();
      unitBytes = 0;
      // Offer with a wake-up rather than put: once the job failed nobody takes units any more.
      while (!queue.offer(full, WAKE_MILLIS, TimeUnit.MILLISECONDS)) {
        if (failed()) {
          return;
        }
      }
    }
  }

  // ---- called by workers ----

  /**
   * The next unit of work, or null when there is none left for a worker: the scan is over and the
   * queue is empty, or the job failed. Never blocks for longer than a wake-up period without
   * looking at both, so no failure anywhere can leave a worker waiting.
   */
  WorkUnit takeUnit() throws InterruptedException {
    while (!failed()) {
      WorkUnit next = queue.poll(WAKE_MILLIS, TimeUnit.MILLISECONDS);
      if (next != null) {
        return next;
      }
      if (scanDone && queue.isEmpty()) {
        return null;
      }
    }
    return null;
  }

  /** Called by each worker as it ends, however it ends. */
  void workerEnded() {
    liveWorkers.decrementAndGet();
    if (!scanDone && !failed()) {
      // Cannot happen while workers catch everything; if it ever does, the job must not wait.
      fail(new IllegalStateException("a packing thread ended before the scan finished"));
    }
  }

  boolean failed() {
    return failure.get() != null;
  }

  void fail(Throwable t) {
    if (failure.compareAndSet(null, t)) {
      failedAtNanos = System.nanoTime();
    }
  }

  /** Workers still running when the run gave up waiting for them after a failure. */
  int stuckWorkers() {
    return stuckWorkers;
  }

  /** How long the run waits for its workers after a failure. */
  Duration cleanupTimeout() {
    return request.cleanupTimeout();
  }

  ProgressTracker progress() {
    return progress;
  }

  Warnings warnings() {
    return warnings;
  }

  int compressionLevel() {
    return request.compressionLevel();
  }

  long packSize() {
    return request.packSize();
  }

  long streamPartSize() {
    return request.streamPartSize();
  }

  FrameCipher newCipher() {
    return repo.encryptionKey().map(FrameCipher::new).orElse(null);
  }

  boolean deduplicatesLargeFiles() {
    return parent != null;
  }

  /** An entry of the cycle that already stores content {@code sha}, or null. */
  FileEntry knownContent(String sha) {
    return parent == null ? null : parent.byHash.get(sha);
  }

  /** Claims content {@code sha} for {@code mine}; returns the winning claim. */
  CompletableFuture<PackWriter.Location> claimContent(
      String sha, CompletableFuture<PackWriter.Location> mine) {
    CompletableFuture<PackWriter.Location> existing = claims.putIfAbsent(sha, mine);
    return existing == null ? mine : existing;
  }

  CompletableFuture<PackWriter.Location> existingClaim(String sha) {
    return claims.get(sha);
  }

  void bytesRead(long n) {
    bytesRead.addAndGet(n);
  }

  PackWriter openPack(String domain, FrameEncoder encoder) throws IOException {
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    String packId = HexFormat.of().formatHex(id);
    boolean encrypted = repo.encryptionKey().isPresent();
    String key = repo.layout().packKey(jobId, packId, encrypted);
    ObjectWriter out = throttle.wrap(repo.target().create(key, tags.pack()));
    newPackKeys.put(packId, key);
    return new PackWriter(packId, key, domain, out, encoder);
  }

  void packWritten(PackObject object) {
    written.add(object);
  }

  // ---- results ----

  List<String> warningList() {
    return warnings.list();
  }

  List<String> planned() {
    return planned;
  }

  long bytesReadTotal() {
    return bytesRead.get();
  }

  /** Time upload threads waited for the bandwidth limit or an upload slot. */
  Duration throttleWaited() {
    return throttle.waited();
  }

  /**
   * Files and bytes per data domain of the snapshot being committed, unchanged files included (an
   * incremental's manifest lists only its changes); valid once {@link #buildManifest} ran.
   */
  Map<String, BackupResult.DomainTotals> domainTotals() {
    return Map.copyOf(domainTotals);
  }

  int packCount() {
    return written.size();
  }

  SnapshotType type() {
    return type;
  }

  ParentState parent() {
    return parent;
  }

  /**
   * Per domain, the schema versions the snapshot's files declare (unchanged files keep what their
   * earlier read found), then any the caller gave, which win for their domain.
   */
  private Map<String, String> schemaVersions(List<FileEntry> all) {
    Map<String, String> versions = new TreeMap<>(SchemaVersions.byDomain(all));
    versions.putAll(request.schemaVersions());
    return versions;
  }

  /** Assembles the manifest once every worker has finished. */
  Manifest buildManifest(Instant finishedAt) {
    List<FileEntry> all = new ArrayList<>(entries.size());
    long files = 0, dirs = 0, links = 0, bytes = 0, read = 0, unstable = 0;
    domainTotals.clear();
    for (PendingEntry p : entries) {
      if (p.skipped) {
        continue;
      }
      FileEntry e = p.toFileEntry();
      all.add(e);
      switch (e.type()) {
        case FILE -> {
          files++;
          bytes += e.sizeOrZero();
          if (e.domain() != null) {
            domainTotals.merge(
                e.domain(),
                new BackupResult.DomainTotals(1, e.sizeOrZero()),
                (a, b) ->
                    new BackupResult.DomainTotals(a.files() + b.files(), a.bytes() + b.bytes()));
          }
          if (p.needsContent()) {
            read++;
          }
          if (Boolean.TRUE.equals(e.unstable())) {
            unstable++;
          }
        }
        case DIRECTORY -> dirs++;
        case SYMLINK -> links++;
      }
    }
    List<FileEntry> listed;
    List<String> deleted = null;
    if (type == SnapshotType.FULL) {
      listed = all;
    } else {
      // The cumulative delta: what differs from the cycle's full, plus the full's deleted paths.
      listed = new ArrayList<>();
      Set<String> present = new HashSet<>(all.size() * 2);
      for (FileEntry e : all) {
        present.add(e.path());
        if (!e.equals(parent.fullEntries.get(e.path()))) {
          listed.add(e);
        }
      }
      deleted = new ArrayList<>();
      for (FileEntry e : parent.fullFiles()) {
        if (!present.contains(e.path())) {
          deleted.add(e.path());
        }
      }
    }
    Map<String, String> packKeys = new LinkedHashMap<>();
    Map<String, String> known = new HashMap<>(newPackKeys);
    if (parent != null) {
      parent.packKeys.forEach(known::putIfAbsent);
    }
    for (FileEntry e : listed) {
      if (e.pack() != null && !packKeys.containsKey(e.pack())) {
        String key = known.get(e.pack());
        if (key == null) {
          throw new IllegalStateException("entry " + e.path() + " names unknown pack " + e.pack());
        }
        packKeys.put(e.pack(), key);
      }
    }
    List<PackRef> packs = new ArrayList<>();
    packKeys.forEach((id, key) -> packs.add(new PackRef(id, key)));
    List<PackObject> objects = new ArrayList<>(written);
    objects.sort(java.util.Comparator.comparing(PackObject::path));
    long uploaded = objects.stream().mapToLong(PackObject::size).sum();
    List<Manifest.SourceRecord> sources = new ArrayList<>();
    for (SourceDirectory s : SourceScanner.inPriorityOrder(request.sources())) {
      sources.add(
          new Manifest.SourceRecord(
              s.path().toString(),
              s.archivePath(),
              s.domain(),
              s.priority(),
              s.include(),
              s.exclude()));
    }
    Map<String, String> tools = new TreeMap<>(EngineVersion.toolVersions());
    tools.putAll(request.toolVersions());
    tools.put("format", Integer.toString(FormatVersion.CURRENT));
    String entrypoint =
        request
            .restoreEntrypoint()
            .orElse(
                "bulwark restore --policy "
                    + repo.layout().policy()
                    + " --snapshot "
                    + jobId
                    + " --to <dir>");
    return new Manifest(
        FormatVersion.CURRENT,
        jobId,
        repo.layout().policy(),
        repo.layout().env(),
        repo.target().provider(),
        type,
        type == SnapshotType.FULL ? null : parent.fullJobId,
        parent == null ? null : parent.parentJobId,
        startedAt.toString(),
        finishedAt.toString(),
        request.labels(),
        schemaVersions(all),
        entrypoint,
        tools,
        new Manifest.Compression("zstd", request.compressionLevel()),
        repo.encryptionKey()
            .map(k -> new Manifest.Encryption("AES-256-GCM", k.keyId()))
            .orElse(null),
        sources,
        new Manifest.Stats(files, dirs, links, bytes, read, bytesRead.get(), uploaded, unstable),
        objects,
        packs,
        deleted,
        listed,
        streams.isEmpty() ? null : List.copyOf(streams));
  }
}
