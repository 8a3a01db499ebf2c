package dev.bulwark.engine.backup;

import dev.bulwark.engine.BackupFailedException;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.crypto.EncryptionKey;
import dev.bulwark.engine.format.FormatException;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.lock.LockInfo;
import dev.bulwark.engine.lock.RepositoryLock;
import dev.bulwark.engine.progress.Phase;
import dev.bulwark.engine.progress.ProgressListener;
import dev.bulwark.engine.progress.ProgressTracker;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.TimeLimit;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Takes snapshots: full (everything) or incremental (only content new to the cycle is read and
 * uploaded). One job at a time per policy and target, enforced by the repository lock; a failed job
 * leaves no snapshot and no data behind, and a killed one is cleaned up by the next.
 */
public final class BackupEngine {
  private final Repository repo;

  public BackupEngine(Repository repository) {
    this.repo = Objects.requireNonNull(repository, "repository");
  }

  /** Runs a backup without progress reporting. */
  public BackupResult backup(BackupRequest request) throws EngineException {
    return backup(request, ProgressListener.NONE);
  }

  /**
   * Runs a backup.
   *
   * @throws dev.bulwark.engine.RepositoryLockedException when another live job holds the lock
   * @throws BackupFailedException when the job failed (nothing of it is visible)
   * @throws EngineException when the parent snapshot cannot be read or the target fails
   */
  public BackupResult backup(BackupRequest request, ProgressListener listener)
      throws EngineException {
    Instant startedAt = repo.clock().instant();
    String jobId = request.jobId().orElseGet(() -> JobId.generate(startedAt));
    checkSources(request, jobId);
    ProgressTracker progress = new ProgressTracker(listener);
    progress.phase(Phase.PREPARING);
    SnapshotPublisher publisher =
        new SnapshotPublisher(repo, request.stateDirectory().orElse(null));
    RepositoryLock lock =
        request.dryRun()
            ? null
            : RepositoryLock.acquire(
                repo.target(), repo.layout(), jobId, request.lockStaleAfter(), repo.clock());
    boolean committed = false;
    boolean leftovers = false;
    BackupRun run = null;
    try {
      if (lock != null) {
        Optional<LockInfo> broken = lock.brokenLock();
        if (broken.isPresent() && JobId.isValid(broken.get().jobId())) {
          publisher.recover(broken.get().jobId());
        }
      }
      ParentState parent =
          request.snapshotType() == SnapshotType.INCREMENTAL ? parent(request, startedAt) : null;
      SnapshotType type = parent == null ? SnapshotType.FULL : SnapshotType.INCREMENTAL;
      run = new BackupRun(repo, request, jobId, startedAt, type, parent, progress);
      progress.phase(Phase.SCANNING);
      run.execute();
      Instant finishedAt = repo.clock().instant();
      if (finishedAt.isBefore(startedAt)) {
        finishedAt = startedAt;
      }
      Manifest manifest = run.buildManifest(finishedAt);
      if (request.dryRun()) {
        return result(run, manifest, null, true);
      }
      checkCycleDeadline(jobId, parent, finishedAt);
      progress.phase(Phase.COMMITTING);
      manifest = publisher.writeIndex(manifest);
      lock.ensureHeld();
      byte[] bytes = publisher.commit(manifest);
      committed = true;
      progress.phase(Phase.PUBLISHING);
      publisher.publish(manifest, bytes);
      updateCache(request, manifest, bytes, parent, run);
      return result(run, manifest, repo.layout().manifestKey(jobId), false);
    } catch (EngineException e) {
      if (!committed && !request.dryRun()) {
        leftovers = !cleanUp(publisher, jobId, run, request, e);
      }
      throw e;
    } catch (Exception e) {
      BackupFailedException failed = new BackupFailedException(jobId, describe(e), e);
      if (!committed && !request.dryRun()) {
        leftovers = !cleanUp(publisher, jobId, run, request, failed);
      }
      throw failed;
    } finally {
      // A cancel interrupts this thread; releasing the lock must still reach the store.
      boolean interrupted = Thread.interrupted();
      if (lock != null) {
        if (leftovers) {
          // Keep the lock: the job that breaks it learns our id and cleans up. In this process
          // that is the next job at once (the lock names no live job here any more); elsewhere,
          // once the lock is stale.
          lock.abandon();
        } else {
          lock.close();
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      progress.phase(Phase.DONE);
    }
  }

  /**
   * Cleans up after job {@code jobId}, which died holding the lock that another job (a backup or a
   * prune) has just broken: publishes the job if its manifest was written, otherwise deletes what
   * it wrote and aborts its incomplete uploads. Harmless for a job that wrote nothing.
   *
   * @return whether the job turned out to be committed
   */
  public boolean recover(String jobId) throws EngineException {
    return new SnapshotPublisher(repo, null).recover(JobId.check(jobId));
  }

  private ParentState parent(BackupRequest request, Instant startedAt) throws EngineException {
    long start = System.nanoTime();
    Optional<SnapshotSummary> newest = repo.catalog().newest();
    if (newest.isEmpty()) {
      return null;
    }
    Optional<ParentCache> cache = request.parentCache();
    ParentState parent = null;
    String miss = "no parent cache is configured";
    if (cache.isPresent()) {
      ParentCache.Lookup found = cache.get().load(repo, newest.get());
      parent = found.parent();
      miss = found.miss();
    }
    if (parent == null) {
      parent = RepositoryParent.read(repo, newest.get(), "repository (" + miss + ")");
      parent.readTime = Duration.ofNanos(System.nanoTime() - start);
      if (cache.isPresent() && !request.dryRun()) {
        try {
          cache.get().store(repo, parent);
        } catch (IOException | RuntimeException e) {
          // A cache that cannot be written costs the next job a read of the manifests, no more.
          parent.cacheProblem = "the parent cache could not be written: " + e.getMessage();
        }
      }
    }
    if (parent.readTime == null) {
      parent.readTime = Duration.ofNanos(System.nanoTime() - start);
    }
    if (!repo.cycleBound().admitsIncremental(fullStartedAt(parent), startedAt)) {
      // The cycle reached its bound: a new full keeps object expiry tags sound (CycleBound).
      return null;
    }
    String wasKey = parent.full.keyId();
    String nowKey = repo.encryptionKey().map(EncryptionKey::keyId).orElse(null);
    if (!Objects.equals(wasKey, nowKey)) {
      // Data sealed under another key (or none) cannot be shared: start a new cycle.
      return null;
    }
    return parent;
  }

  /**
   * Records the snapshot just committed in the parent cache, so the next incremental reads no
   * manifest. A failure is a warning: the next job rebuilds the cache from the repository.
   */
  private void updateCache(
      BackupRequest request, Manifest manifest, byte[] bytes, ParentState parent, BackupRun run) {
    if (request.parentCache().isEmpty()) {
      return;
    }
    if (parent != null && parent.cacheProblem != null) {
      run.warnings().add(parent.cacheProblem);
    }
    try {
      request.parentCache().get().storeCommitted(repo, manifest, bytes, parent);
    } catch (IOException | RuntimeException e) {
      run.warnings()
          .add(
              "the parent cache could not be written ("
                  + e.getMessage()
                  + "); the next incremental reads the manifests instead");
    }
  }

  private Instant fullStartedAt(ParentState parent) throws FormatException {
    String started = parent.full.startedAt();
    try {
      return Instant.parse(started);
    } catch (RuntimeException e) {
      throw new FormatException(
          repo.layout().manifestKey(parent.fullJobId),
          "has an unreadable started_at '" + started + "'");
    }
  }

  /**
   * Refuses to commit an incremental that finished past its cycle's deadline: the objects it
   * depends on were tagged to expire for a cycle no longer than the bound.
   */
  private void checkCycleDeadline(String jobId, ParentState parent, Instant finishedAt)
      throws EngineException {
    if (parent == null) {
      return;
    }
    Instant deadline = repo.cycleBound().commitDeadline(fullStartedAt(parent));
    if (finishedAt.isAfter(deadline)) {
      throw new BackupFailedException(
          jobId,
          "backup failed: the incremental finished at "
              + finishedAt
              + ", after its cycle's deadline "
              + deadline
              + " (full "
              + parent.fullJobId
              + " + "
              + repo.cycleBound().maxDays()
              + " days + one day of grace); nothing was committed and the next job starts a new"
              + " cycle with a full",
          null);
    }
  }

  private static void checkSources(BackupRequest request, String jobId)
      throws BackupFailedException {
    for (SourceDirectory s : request.sources()) {
      if (!Files.isDirectory(s.path())) {
        throw new BackupFailedException(
            jobId,
            "source " + s.path() + " (domain " + s.domain() + ") is not a readable directory",
            null);
      }
    }
  }

  /**
   * Deletes what a failed job wrote, within the request's cleanup timeout; returns false when that
   * failed, ran out of time, or upload threads of the job were still running (their uploads may
   * land after the deletion), so that the lock is left for the next job to clean up after this one.
   */
  private static boolean cleanUp(
      SnapshotPublisher publisher,
      String jobId,
      BackupRun run,
      BackupRequest request,
      Exception cause) {
    if (run != null && run.stuckWorkers() > 0) {
      cause.addSuppressed(
          new IllegalStateException(
              run.stuckWorkers()
                  + " upload thread(s) were still writing "
                  + run.cleanupTimeout().toSeconds()
                  + " s after the failure; the next job removes what they leave"));
      return false;
    }
    // A cancel interrupts this thread; the cleanup must still run, within its own time limit.
    boolean interrupted = Thread.interrupted();
    try {
      TimeLimit.run("bulwark-cleanup", request.cleanupTimeout(), () -> publisher.discard(jobId));
      return true;
    } catch (TimeoutException e) {
      cause.addSuppressed(
          new TimeoutException(
              "deleting what job "
                  + jobId
                  + " wrote took longer than "
                  + request.cleanupTimeout().toSeconds()
                  + " s; the next job removes it"));
      return false;
    } catch (Exception e) {
      cause.addSuppressed(e);
      return false;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t instanceof RuntimeException)) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return "backup failed: " + message;
  }

  private static BackupResult result(
      BackupRun run, Manifest manifest, String manifestKey, boolean dryRun) {
    Manifest.Stats s = manifest.stats();
    return new BackupResult(
        manifest.jobId(),
        manifest.snapshotType(),
        manifest.parentFull(),
        manifest.parent(),
        Instant.parse(manifest.startedAt()),
        Instant.parse(manifest.finishedAt()),
        s.files(),
        s.directories(),
        s.symlinks(),
        s.bytes(),
        s.filesRead(),
        s.bytesRead(),
        dryRun ? 0 : s.bytesUploaded(),
        run.packCount(),
        manifestKey,
        dryRun,
        run.planned(),
        s.unstableFiles(),
        run.warningList(),
        run.throttleWaited(),
        run.domainTotals(),
        run.parent() == null ? null : run.parent().source,
        run.parent() == null ? null : run.parent().readTime);
  }
}
