package dev.bulwark.engine.prune;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.TargetAccessException;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.PackObject;
import dev.bulwark.engine.format.PackRef;
import dev.bulwark.engine.format.PruneJournal;
import dev.bulwark.engine.format.RepositoryLayout;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.retention.RetentionPolicy;
import dev.bulwark.engine.target.ObjectInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides what a prune removes (docs/format.md, "Pruning"): a snapshot expires {@code coldDays}
 * after it finished; the {@code keepLast} newest are kept; an expired full stays while a retained
 * incremental depends on it; and an object of a removed snapshot is deleted only when no retained
 * snapshot of its cycle references it. Packs are shared within a cycle only, so only the retained
 * manifests of cycles that lose a snapshot are read.
 */
final class PrunePlanner {
  private static final Comparator<SnapshotSummary> NEWEST_FIRST =
      Comparator.comparing(SnapshotSummary::finishedAt)
          .thenComparing(SnapshotSummary::jobId)
          .reversed();

  private final Repository repo;
  private final RepositoryLayout layout;
  private final RetentionPolicy retention;
  private final List<String> warnings = new ArrayList<>();

  PrunePlanner(Repository repo, RetentionPolicy retention) {
    this.repo = repo;
    this.layout = repo.layout();
    this.retention = retention;
  }

  /** The plan at {@code now}, finishing what {@code journal} (nullable) left undone. */
  PrunePlan plan(Instant now, PruneJournal journal) throws EngineException {
    List<SnapshotSummary> all = repo.catalog().list();
    Set<String> newest = new HashSet<>();
    all.stream()
        .sorted(NEWEST_FIRST)
        .limit(retention.keepLast())
        .forEach(s -> newest.add(s.jobId()));
    Map<String, KeptSnapshot> kept = new TreeMap<>();
    List<SnapshotSummary> candidates = new ArrayList<>();
    for (SnapshotSummary s : all) {
      Instant expiresAt = s.finishedAt().plus(retention.maxAge());
      if (now.isBefore(expiresAt)) {
        kept.put(s.jobId(), keep(s, KeepReason.WITHIN_RETENTION, "retained until " + expiresAt));
      } else if (newest.contains(s.jobId())) {
        kept.put(
            s.jobId(),
            keep(
                s,
                KeepReason.KEEP_LAST,
                "one of the " + retention.keepLast() + " newest snapshots"));
      } else {
        candidates.add(s);
      }
    }
    PruneJournal pending = relevant(journal);
    if (candidates.isEmpty() && pending == null) {
      return new PrunePlan(
          List.of(), List.copyOf(kept.values()), List.of(), Map.of(), Map.of(), warnings);
    }

    Map<String, String> cycleOf = cycles(all);
    List<SnapshotSummary> unknownRetained = new ArrayList<>();
    for (SnapshotSummary s : candidates) {
      if (!cycleOf.containsKey(s.jobId())) {
        kept.put(
            s.jobId(),
            keep(
                s,
                KeepReason.UNREADABLE,
                "its catalog entry cannot be read, so the full it depends on is unknown"));
      }
    }
    for (SnapshotSummary s : all) {
      if (kept.containsKey(s.jobId()) && !cycleOf.containsKey(s.jobId())) {
        unknownRetained.add(s);
      }
    }
    keepDependedOnFulls(candidates, kept, cycleOf, unknownRetained);

    List<SnapshotSummary> removed = new ArrayList<>();
    for (SnapshotSummary s : candidates) {
      if (!kept.containsKey(s.jobId())) {
        removed.add(s);
      }
    }
    removed.sort(NEWEST_FIRST);

    Set<String> listed = new HashSet<>();
    all.forEach(s -> listed.add(s.jobId()));
    List<PruneJournal.Removal> unfinished = unfinished(pending, listed);

    Map<String, List<ObjectInfo>> deletable = new TreeMap<>();
    Map<String, List<String>> deferred = new TreeMap<>();
    for (Map.Entry<String, Set<String>> cycle :
        candidateObjects(removed, cycleOf, pending).entrySet()) {
      String id = cycle.getKey();
      Set<String> keys = cycle.getValue();
      if (keys.isEmpty()) {
        continue;
      }
      Optional<Set<String>> referenced =
          unknownRetained.isEmpty()
              ? referencedBy(retainedOf(id, all, kept, cycleOf))
              : Optional.empty();
      if (referenced.isEmpty()) {
        warnings.add(
            "kept "
                + keys.size()
                + " object(s) of cycle "
                + id
                + " for a later prune: a retained snapshot's manifest or catalog entry cannot be"
                + " read, so what it references is unknown");
        deferred.put(id, List.copyOf(keys));
        continue;
      }
      List<ObjectInfo> objects = new ArrayList<>();
      for (String key : keys) {
        if (!referenced.get().contains(key)) {
          head(key).ifPresent(objects::add);
        }
      }
      if (!objects.isEmpty()) {
        deletable.put(id, objects);
      }
    }
    return new PrunePlan(
        removed, List.copyOf(kept.values()), unfinished, deletable, deferred, warnings);
  }

  private static KeptSnapshot keep(SnapshotSummary s, KeepReason reason, String detail) {
    return new KeptSnapshot(s, reason, detail);
  }

  /** The journal when it is this policy's and has work left, else null. */
  private PruneJournal relevant(PruneJournal journal) {
    if (journal == null) {
      return null;
    }
    if (!layout.policy().equals(journal.policy())) {
      warnings.add(
          "ignored "
              + layout.pruneJournalKey()
              + ": it names policy "
              + journal.policy()
              + ", not "
              + layout.policy());
      return null;
    }
    return journal.snapshots().isEmpty() && journal.objects().isEmpty() ? null : journal;
  }

  /** The cycle (full job id) of every snapshot whose cycle can be read. */
  private Map<String, String> cycles(List<SnapshotSummary> all) throws EngineException {
    Map<String, String> cycleOf = new HashMap<>();
    for (SnapshotSummary s : all) {
      if (s.type() == SnapshotType.FULL) {
        cycleOf.put(s.jobId(), s.jobId());
        continue;
      }
      try {
        String full = repo.readCatalogEntry(s).parentFull();
        if (full != null && JobId.isValid(full)) {
          cycleOf.put(s.jobId(), full);
        } else {
          warnings.add(s.catalogKey() + ": incremental names no valid parent_full");
        }
      } catch (TargetAccessException e) {
        throw e;
      } catch (EngineException e) {
        warnings.add(e.getMessage());
      }
    }
    return cycleOf;
  }

  /** Keeps each expired full that a retained (or unreadable) incremental may depend on. */
  private static void keepDependedOnFulls(
      List<SnapshotSummary> candidates,
      Map<String, KeptSnapshot> kept,
      Map<String, String> cycleOf,
      List<SnapshotSummary> unknownRetained) {
    Map<String, SnapshotSummary> dependent = new HashMap<>();
    for (KeptSnapshot k : kept.values()) {
      String cycle = cycleOf.get(k.snapshot().jobId());
      if (cycle != null && k.snapshot().type() == SnapshotType.INCREMENTAL) {
        // Keep the newest dependent: it is the one that holds the full longest.
        dependent.merge(cycle, k.snapshot(), (a, b) -> NEWEST_FIRST.compare(a, b) <= 0 ? a : b);
      }
    }
    for (SnapshotSummary s : candidates) {
      if (s.type() != SnapshotType.FULL || kept.containsKey(s.jobId())) {
        continue;
      }
      SnapshotSummary by = dependent.get(s.jobId());
      if (by != null) {
        kept.put(
            s.jobId(),
            keep(
                s,
                KeepReason.DEPENDED_ON,
                "retained incremental "
                    + by.jobId()
                    + " ("
                    + reasonOf(kept, by)
                    + ") depends on it"));
      } else if (!unknownRetained.isEmpty()) {
        kept.put(
            s.jobId(),
            keep(
                s,
                KeepReason.DEPENDED_ON,
                "retained snapshot "
                    + unknownRetained.get(0).jobId()
                    + " has an unreadable catalog entry and may depend on it"));
      }
    }
  }

  private static String reasonOf(Map<String, KeptSnapshot> kept, SnapshotSummary s) {
    return kept.get(s.jobId()).reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  /** Snapshots an interrupted prune unlisted but may not have finished deleting. */
  private List<PruneJournal.Removal> unfinished(PruneJournal journal, Set<String> listed) {
    List<PruneJournal.Removal> result = new ArrayList<>();
    if (journal == null) {
      return result;
    }
    for (PruneJournal.Removal r : journal.snapshots()) {
      if (r.jobId() == null || !JobId.isValid(r.jobId())) {
        warnings.add("ignored a prune journal entry with an invalid job id: " + r.jobId());
        continue;
      }
      if (listed.contains(r.jobId())) {
        // Still listed: this prune decided about it afresh above.
        continue;
      }
      boolean catalogOk =
          layout
              .parseCatalogKey(r.catalogKey())
              .map(k -> k.jobId().equals(r.jobId()))
              .orElse(false);
      if (!catalogOk || !layout.manifestKey(r.jobId()).equals(r.manifestKey())) {
        warnings.add(
            "ignored a prune journal entry for " + r.jobId() + ": its keys do not match it");
        continue;
      }
      result.add(r);
    }
    return result;
  }

  /**
   * Per cycle, every object that removed snapshots wrote or referenced (their job directories
   * listed, their manifests' packs and object lists), plus what the journal still holds.
   */
  private Map<String, Set<String>> candidateObjects(
      List<SnapshotSummary> removed, Map<String, String> cycleOf, PruneJournal journal)
      throws EngineException {
    Map<String, Set<String>> byCycle = new LinkedHashMap<>();
    for (SnapshotSummary s : removed) {
      Set<String> keys = byCycle.computeIfAbsent(cycleOf.get(s.jobId()), c -> new TreeSet<>());
      for (String key : list(layout.jobPrefix(s.jobId()))) {
        add(keys, key);
      }
      try {
        for (String key : references(repo.readManifest(s))) {
          add(keys, key);
        }
      } catch (TargetAccessException e) {
        throw e;
      } catch (EngineException e) {
        // Its own job directory was listed above; what it referenced elsewhere in the cycle is
        // still referenced by, or collected with, the cycle's other snapshots.
        warnings.add(e.getMessage());
      }
    }
    if (journal != null) {
      for (PruneJournal.CycleObjects objects : journal.objects()) {
        if (objects.cycle() == null || !JobId.isValid(objects.cycle())) {
          warnings.add("ignored prune journal objects with an invalid cycle: " + objects.cycle());
          continue;
        }
        Set<String> keys = byCycle.computeIfAbsent(objects.cycle(), c -> new TreeSet<>());
        for (String key : objects.keys()) {
          add(keys, key);
        }
      }
    }
    return byCycle;
  }

  /** Adds {@code key} when it is a data object inside a job directory (never a manifest). */
  private void add(Set<String> keys, String key) {
    Optional<String> job = key == null ? Optional.empty() : layout.jobOf(key);
    if (job.isEmpty()) {
      warnings.add(
          "ignored object '" + key + "': it is not inside a job directory of " + layout.root());
      return;
    }
    if (!key.equals(layout.manifestKey(job.get()))) {
      keys.add(key);
    }
  }

  private static List<SnapshotSummary> retainedOf(
      String cycle,
      List<SnapshotSummary> all,
      Map<String, KeptSnapshot> kept,
      Map<String, String> cycleOf) {
    List<SnapshotSummary> members = new ArrayList<>();
    for (SnapshotSummary s : all) {
      if (kept.containsKey(s.jobId()) && cycle.equals(cycleOf.get(s.jobId()))) {
        members.add(s);
      }
    }
    return members;
  }

  /** Every object the manifests of {@code retained} reference, or empty when one is unreadable. */
  private Optional<Set<String>> referencedBy(List<SnapshotSummary> retained)
      throws EngineException {
    Set<String> referenced = new HashSet<>();
    for (SnapshotSummary s : retained) {
      try {
        referenced.addAll(references(repo.readManifest(s)));
      } catch (TargetAccessException e) {
        throw e;
      } catch (EngineException e) {
        warnings.add(e.getMessage());
        return Optional.empty();
      }
    }
    return Optional.of(referenced);
  }

  /**
   * The objects a manifest needs: the packs its files point into, the objects it wrote and its
   * seekable index.
   */
  private static List<String> references(Manifest manifest) {
    List<String> keys = new ArrayList<>();
    if (manifest.packs() != null) {
      for (PackRef ref : manifest.packs()) {
        keys.add(ref.key());
      }
    }
    if (manifest.objectList() != null) {
      for (PackObject o : manifest.objectList()) {
        keys.add(o.path());
      }
    }
    manifest.ownIndex().ifPresent(index -> keys.add(index.key()));
    return keys;
  }

  private List<String> list(String prefix) throws EngineException {
    List<String> keys = new ArrayList<>();
    try {
      Iterator<ObjectInfo> it = repo.target().listAll(prefix);
      while (it.hasNext()) {
        keys.add(it.next().key());
      }
    } catch (IOException e) {
      throw new TargetAccessException(prefix, "listing a job directory", e);
    } catch (UncheckedIOException e) {
      throw new TargetAccessException(prefix, "listing a job directory", e.getCause());
    }
    return keys;
  }

  private Optional<ObjectInfo> head(String key) throws EngineException {
    try {
      return repo.target().head(key);
    } catch (IOException e) {
      throw new TargetAccessException(key, "inspecting an object to delete", e);
    }
  }
}
