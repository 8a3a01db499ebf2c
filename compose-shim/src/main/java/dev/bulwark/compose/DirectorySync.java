package dev.bulwark.compose;

import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.compose.Declarations.Declaration;
import dev.bulwark.compose.status.StatusFile;
import dev.bulwark.compose.status.StatusFileStore;
import dev.bulwark.manifests.CachingManifestReader;
import dev.bulwark.manifests.ManifestDocument;
import dev.bulwark.manifests.ManifestDocument.Outcome;
import dev.bulwark.manifests.ManifestProblem;
import dev.bulwark.manifests.ManifestReader;
import dev.bulwark.manifests.ResourceKind;
import dev.bulwark.manifests.SourceLocation;
import dev.bulwark.manifests.SourcePaths;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the runtime's view in line with the policies directory: reads it, compares each
 * declaration with what was last acted on, and hands every change to the {@link ResourceReconciler}
 * (served, not served, broken, deleted). Also owns generations (1 when new, +1 per change of the
 * spec as written) and the requeue entry point. Runs on the loop thread only (and on the starting
 * thread before the loop exists).
 */
final class DirectorySync implements ReconcileLoop.Work {
  private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);

  private final Path policiesDir;
  private final ResourceTable table;
  private final ResourceReconciler reconciler;
  private final UnattributedFileRecorder unattributed;
  private final Runnable beforeScan;
  // Unchanged files are not parsed again: the periodic rescan of an idle directory is a listing.
  private final CachingManifestReader reader = new CachingManifestReader(new ManifestReader());
  private final AtomicLong scans = new AtomicLong();
  private boolean directoryMissingReported;

  /**
   * @param unattributed records the files whose documents name no resource
   * @param beforeScan runs before each scan (the watcher re-registers directories)
   */
  DirectorySync(
      Path policiesDir,
      ResourceTable table,
      ResourceReconciler reconciler,
      UnattributedFileRecorder unattributed,
      Runnable beforeScan) {
    this.policiesDir = policiesDir;
    this.table = table;
    this.reconciler = reconciler;
    this.unattributed = unattributed;
    this.beforeScan = beforeScan;
  }

  /** Completed scans. */
  long scanCount() {
    return scans.get();
  }

  /**
   * Takes over generations, statuses and declaring files from a previous run's status files, and
   * its record of unattributable files.
   */
  void load(StatusFileStore store) {
    unattributed.load();
    for (StatusFile file : store.readAll()) {
      Optional<ResourceKind> kind = ResourceKind.of(file.kind());
      if (kind.isEmpty() || file.source() == null) {
        LOG.warn("ignoring status file of unknown kind {} ({})", file.kind(), file.name());
        continue;
      }
      TrackedResource tracked = table.getOrCreate(new ResourceKey(kind.get(), file.name()));
      tracked.generation = file.metadata().generation();
      tracked.specDigest = file.source().specDigest();
      tracked.sourceFile = file.source().file();
      tracked.line = file.source().line();
      tracked.deleted = file.deleted();
      tracked.problems = file.problems();
      try {
        tracked.status = store.statusOf(file, kind.get().statusType());
      } catch (UncheckedIOException e) {
        LOG.warn(
            "previous status of {} does not bind; starting it afresh: {}",
            tracked.key,
            e.getMessage());
      }
    }
  }

  @Override
  public void scan() {
    try {
      if (!Files.isDirectory(policiesDir)) {
        if (!directoryMissingReported) {
          LOG.error(
              "policies directory {} is missing; keeping every resource as it was until it returns",
              policiesDir);
          directoryMissingReported = true;
        }
        return;
      }
      directoryMissingReported = false;
      beforeScan.run();
      apply(
          Declarations.of(
              reader.readAll(policiesDir),
              policiesDir,
              key ->
                  Optional.ofNullable(table.get(key))
                      .filter(t -> !t.deleted)
                      .map(t -> t.sourceFile)));
    } finally {
      scans.incrementAndGet();
    }
  }

  private void apply(Declarations declarations) {
    unattributed.record(unattributed(declarations));
    Set<ResourceKey> acted = new HashSet<>();
    for (Declaration declaration : declarations.byKey().values()) {
      if (apply(declaration)) {
        acted.add(declaration.key());
      }
    }
    for (TrackedResource tracked : List.copyOf(table.all())) {
      if (tracked.deleted
          || tracked.sourceFile == null
          || declarations.byKey().containsKey(tracked.key)) {
        continue;
      }
      Optional<ManifestDocument> broken = declarations.brokenFile(tracked.sourceFile);
      if (broken.isPresent()) {
        if (inBrokenFile(tracked, broken.get())) {
          acted.add(tracked.key);
        }
      } else {
        reconciler.deleted(tracked);
        acted.add(tracked.key);
      }
    }
    if (acted.stream().anyMatch(k -> k.kind() == ResourceKind.BACKUP_POLICY)) {
      // Drills and plans refer to policies: let them see the change now, not at their next timer.
      for (TrackedResource tracked : List.copyOf(table.all())) {
        if (tracked.key.kind() != ResourceKind.BACKUP_POLICY
            && !acted.contains(tracked.key)
            && tracked.served != null
            && !tracked.deleted) {
          reconciler.reconcile(tracked);
        }
      }
    }
  }

  /**
   * The documents no resource's status will show: those naming no resource, except the unreadable
   * rest of a file that declares (or declared) resources, which those resources' statuses report as
   * DocumentUnreadable (a served policy overwritten with garbage is that policy's problem, once).
   */
  private List<ManifestDocument> unattributed(Declarations declarations) {
    Set<String> declaring = new HashSet<>();
    declarations.byKey().values().forEach(d -> declaring.add(d.file()));
    for (TrackedResource tracked : table.all()) {
      if (!tracked.deleted && tracked.sourceFile != null) {
        declaring.add(tracked.sourceFile);
      }
    }
    return declarations.unidentified().stream()
        .filter(
            d ->
                d.outcome() != Outcome.UNREADABLE
                    || !declaring.contains(Declarations.relative(policiesDir, d.file())))
        .toList();
  }

  /** Acts on one declaration if it changed; true when it did. */
  private boolean apply(Declaration declaration) {
    TrackedResource tracked = table.get(declaration.key());
    if (tracked == null || tracked.deleted) {
      tracked = table.replace(declaration.key());
    }
    String fingerprint = declaration.fingerprint();
    if (fingerprint.equals(tracked.fingerprint)) {
      return false;
    }
    tracked.fingerprint = fingerprint;
    ManifestDocument document = declaration.document();
    tracked.sourceFile = declaration.file();
    tracked.line = document.line();
    boolean specKnown =
        declaration.brokenFile() == null && document.outcome() != Outcome.UNREADABLE;
    advanceGeneration(tracked, specKnown ? document.specDigest() : null);
    tracked.manifestProblems = problems(declaration);
    tracked.problems = tracked.manifestProblems;
    tracked.locator = document.locator();
    for (ManifestDocument duplicate : declaration.duplicates()) {
      LOG.warn(
          "{}: {} is declared again here; ignored, {} keeps serving it (names are global in compose mode)",
          duplicate.location(),
          declaration.key(),
          document.location());
    }
    if (declaration.servable()) {
      tracked.served = SourcePaths.resolve(document.resource().orElseThrow(), document.file());
      reconciler.reconcile(tracked);
    } else {
      tracked.served = null;
      reconciler.notServed(tracked, reason(declaration), errors(declaration));
    }
    return true;
  }

  /** A resource known from before whose file no longer parses (and no longer names it). */
  private boolean inBrokenFile(TrackedResource tracked, ManifestDocument broken) {
    String fingerprint = "broken|" + broken.problems();
    if (fingerprint.equals(tracked.fingerprint)) {
      return false;
    }
    tracked.fingerprint = fingerprint;
    tracked.served = null;
    tracked.manifestProblems = relative(broken, broken.problems());
    tracked.problems = tracked.manifestProblems;
    tracked.locator = null;
    reconciler.notServed(
        tracked, ConditionReason.DOCUMENT_UNREADABLE, List.of(brokenMessage(broken)));
    return true;
  }

  @Override
  public void requeue(ResourceKey key) {
    TrackedResource tracked = table.get(key);
    if (tracked != null && tracked.served != null && !tracked.deleted) {
      reconciler.reconcile(tracked);
    }
  }

  /** 1 when new; +1 when the spec as written changed; unchanged while the spec is unknown. */
  private static void advanceGeneration(TrackedResource tracked, String specDigest) {
    if (tracked.generation == 0) {
      tracked.generation = 1;
      tracked.specDigest = specDigest;
    } else if (specDigest != null && !specDigest.equals(tracked.specDigest)) {
      if (tracked.specDigest != null) {
        tracked.generation++;
      }
      tracked.specDigest = specDigest;
    }
  }

  private static ConditionReason reason(Declaration declaration) {
    ManifestDocument document = declaration.document();
    boolean unreadable =
        declaration.brokenFile() != null
            || document.outcome() == Outcome.UNREADABLE
            || document.problems().stream()
                .anyMatch(
                    p ->
                        p.isError()
                            && (p.field().equals("apiVersion") || p.field().equals("kind")));
    return unreadable ? ConditionReason.DOCUMENT_UNREADABLE : ConditionReason.SPEC_INVALID;
  }

  private List<String> errors(Declaration declaration) {
    if (declaration.brokenFile() != null) {
      return List.of(brokenMessage(declaration.brokenFile()));
    }
    ManifestDocument document = declaration.document();
    List<String> errors = new ArrayList<>();
    for (ManifestProblem problem : document.problems()) {
      if (problem.isError()) {
        errors.add(
            problem.field()
                + ": "
                + problem.message()
                + " ("
                + new SourceLocation(document.file(), problem.line())
                + ")");
      }
    }
    return errors;
  }

  private static String brokenMessage(ManifestDocument broken) {
    ManifestProblem problem = Declarations.firstError(broken).orElseThrow();
    return new SourceLocation(broken.file(), problem.line())
        + ": "
        + problem.message()
        + "; nothing in this file is served until it parses";
  }

  private List<StatusFile.Problem> problems(Declaration declaration) {
    List<StatusFile.Problem> problems =
        new ArrayList<>(relative(declaration.document(), declaration.document().problems()));
    for (ManifestDocument duplicate : declaration.duplicates()) {
      problems.add(
          new StatusFile.Problem(
              "error",
              Declarations.relative(policiesDir, duplicate.file()),
              duplicate.locator().line("metadata.name"),
              "metadata.name",
              "duplicate: "
                  + declaration.key()
                  + " is already defined at "
                  + declaration.file()
                  + ":"
                  + declaration.document().line()
                  + "; this definition is ignored (names are global in compose mode)"));
    }
    if (declaration.brokenFile() != null && declaration.brokenFile() != declaration.document()) {
      problems.addAll(relative(declaration.brokenFile(), declaration.brokenFile().problems()));
    }
    return problems;
  }

  private List<StatusFile.Problem> relative(
      ManifestDocument document, List<ManifestProblem> problems) {
    String file = Declarations.relative(policiesDir, document.file());
    return problems.stream()
        .map(
            p ->
                new StatusFile.Problem(
                    p.isError() ? "error" : "warning", file, p.line(), p.field(), p.message()))
        .toList();
  }
}
