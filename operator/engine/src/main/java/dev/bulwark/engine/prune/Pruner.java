package dev.bulwark.engine.prune;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.TargetAccessException;
import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.FormatException;
import dev.bulwark.engine.format.FormatVersion;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.Json;
import dev.bulwark.engine.format.PruneJournal;
import dev.bulwark.engine.lock.LockInfo;
import dev.bulwark.engine.lock.RepositoryLock;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.ObjectNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Removes expired snapshots from a repository (R11; the local target's retention, and a safety net
 * on buckets), dependency-aware and crash-safe (docs/format.md, "Pruning").
 *
 * <p>Under the repository lock it decides every snapshot from the catalog ({@link PrunePlanner}),
 * writes a journal of what it will delete, then deletes each removed snapshot's catalog entry and
 * manifest, newest first, and only then the packs that no remaining manifest references. A crash at
 * any point therefore leaves every listed snapshot restorable: a listed snapshot keeps its
 * manifest, a listed incremental keeps its full, and a referenced pack is never deleted. The next
 * prune reads the journal and finishes the job.
 */
public final class Pruner {
  private final Repository repo;

  public Pruner(Repository repository) {
    this.repo = Objects.requireNonNull(repository, "repository");
  }

  /**
   * Prunes, or with {@link PruneRequest#dryRun()} reports what a prune would do.
   *
   * @throws dev.bulwark.engine.RepositoryLockedException when a backup or prune holds the lock
   * @throws EngineException when the target fails (the journal lets the next prune finish)
   */
  public PruneResult prune(PruneRequest request) throws EngineException {
    Instant now = repo.clock().instant();
    String pruneId = JobId.generate(now);
    PrunePlanner planner = new PrunePlanner(repo, request.retention());
    if (request.dryRun()) {
      return result(pruneId, true, now, planner.plan(now, readJournal().orElse(null)));
    }
    try (RepositoryLock lock =
        RepositoryLock.acquire(
            repo.target(), repo.layout(), pruneId, request.lockStaleAfter(), repo.clock())) {
      Optional<LockInfo> broken = lock.brokenLock();
      if (broken.isPresent() && JobId.isValid(broken.get().jobId())) {
        // The dead holder may have been a backup that left objects or an unpublished snapshot.
        new BackupEngine(repo).recover(broken.get().jobId());
      }
      PrunePlan plan = planner.plan(now, readJournal().orElse(null));
      if (plan.hasWork()) {
        execute(pruneId, now, plan, lock);
      } else {
        delete(repo.layout().pruneJournalKey(), "deleting the finished prune journal");
      }
      return result(pruneId, false, now, plan);
    }
  }

  private void execute(String pruneId, Instant now, PrunePlan plan, RepositoryLock lock)
      throws EngineException {
    List<PruneJournal.Removal> removals = new ArrayList<>(plan.unfinished());
    for (SnapshotSummary s : plan.removed()) {
      removals.add(new PruneJournal.Removal(s.jobId(), s.catalogKey(), s.manifestKey()));
    }
    Map<String, TreeSet<String>> objects = new TreeMap<>();
    plan.deletable()
        .forEach(
            (cycle, infos) ->
                infos.forEach(
                    o -> objects.computeIfAbsent(cycle, c -> new TreeSet<>()).add(o.key())));
    plan.deferred()
        .forEach(
            (cycle, keys) -> objects.computeIfAbsent(cycle, c -> new TreeSet<>()).addAll(keys));
    writeJournal(pruneId, now, removals, objects);
    // A prune that stalled past its lock's staleness must not race the job that broke the lock.
    lock.ensureHeld();

    // Snapshots first, newest first: a listed snapshot always has its manifest, and a listed
    // incremental always has its full.
    for (PruneJournal.Removal r : removals) {
      delete(r.catalogKey(), "deleting the catalog entry of " + r.jobId());
      delete(r.manifestKey(), "deleting the manifest of " + r.jobId());
    }
    // Then the packs that no remaining manifest references.
    for (List<ObjectInfo> infos : plan.deletable().values()) {
      for (ObjectInfo o : infos) {
        delete(o.key(), "deleting an unreferenced pack");
      }
    }
    if (plan.deferred().isEmpty()) {
      delete(repo.layout().pruneJournalKey(), "deleting the finished prune journal");
    } else {
      Map<String, TreeSet<String>> left = new TreeMap<>();
      plan.deferred().forEach((cycle, keys) -> left.put(cycle, new TreeSet<>(keys)));
      writeJournal(pruneId, now, List.of(), left);
    }
  }

  private Optional<PruneJournal> readJournal() throws EngineException {
    String key = repo.layout().pruneJournalKey();
    byte[] bytes;
    try {
      bytes = repo.target().read(key, Repository.MAX_DOCUMENT_BYTES);
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new TargetAccessException(key, "reading the prune journal", e);
    }
    FormatVersion.check(Json.topLevelInt(bytes, "format_version", key), key);
    try {
      return Optional.of(Json.read(bytes, PruneJournal.class, key));
    } catch (FormatException e) {
      throw new FormatException(
          key, "is not a valid prune journal; inspect it, then delete it to prune again", e);
    }
  }

  private void writeJournal(
      String pruneId,
      Instant now,
      List<PruneJournal.Removal> removals,
      Map<String, TreeSet<String>> objects)
      throws EngineException {
    List<PruneJournal.CycleObjects> cycles = new ArrayList<>();
    objects.forEach(
        (cycle, keys) -> cycles.add(new PruneJournal.CycleObjects(cycle, List.copyOf(keys))));
    PruneJournal journal =
        new PruneJournal(
            FormatVersion.CURRENT,
            repo.layout().policy(),
            pruneId,
            now.toString(),
            removals,
            cycles);
    String key = repo.layout().pruneJournalKey();
    try {
      repo.target().replace(key, Json.write(journal));
    } catch (IOException e) {
      throw new TargetAccessException(key, "writing the prune journal", e);
    }
  }

  private void delete(String key, String action) throws EngineException {
    try {
      repo.target().delete(key);
    } catch (IOException e) {
      throw new TargetAccessException(key, action, e);
    }
  }

  private static PruneResult result(String pruneId, boolean dryRun, Instant now, PrunePlan plan) {
    List<SnapshotSummary> removed = new ArrayList<>(plan.removed());
    removed.sort(Comparator.comparing(SnapshotSummary::jobId));
    List<String> deleted = new ArrayList<>();
    long bytes = 0;
    for (List<ObjectInfo> infos : plan.deletable().values()) {
      for (ObjectInfo o : infos) {
        deleted.add(o.key());
        bytes += o.size();
      }
    }
    deleted.sort(Comparator.naturalOrder());
    return new PruneResult(
        pruneId, dryRun, now, removed, plan.kept(), deleted, bytes, plan.warnings());
  }
}
