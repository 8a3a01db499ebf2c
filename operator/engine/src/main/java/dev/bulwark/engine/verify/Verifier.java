package dev.bulwark.engine.verify;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.TargetAccessException;
import dev.bulwark.engine.catalog.CommittedSnapshot;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.progress.Phase;
import dev.bulwark.engine.progress.ProgressListener;
import dev.bulwark.engine.progress.ProgressTracker;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.ObjectNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Verifies a repository (R16): every snapshot's manifest against its catalog entry and every pack
 * it names present; with read-data, every pack read back in full. Problems are collected, each
 * naming its object, rather than stopping at the first.
 */
public final class Verifier {
  private final Repository repo;

  public Verifier(Repository repository) {
    this.repo = Objects.requireNonNull(repository, "repository");
  }

  public VerifyReport verify(VerifyRequest request) throws EngineException {
    return verify(request, ProgressListener.NONE);
  }

  /**
   * Verifies.
   *
   * @throws EngineException only when the catalog itself cannot be listed; every other problem is
   *     in the report
   */
  public VerifyReport verify(VerifyRequest request, ProgressListener listener)
      throws EngineException {
    Instant started = repo.clock().instant();
    ProgressTracker progress = new ProgressTracker(listener);
    try {
      progress.phase(Phase.CHECKING);
      List<SnapshotSummary> all = repo.catalog().list();
      List<SnapshotSummary> chosen = choose(all, request);
      progress.addTotal(chosen.size(), 0);
      List<VerifyProblem> problems = Collections.synchronizedList(new ArrayList<>());
      CycleChecker cycle = null;
      int checked = 0;
      int packsChecked = 0;
      int packsRead = 0;
      long filesVerified = 0;
      SnapshotSummary newest = all.isEmpty() ? null : all.get(all.size() - 1);
      Manifest newestManifest = null;
      for (SnapshotSummary s : chosen) {
        CommittedSnapshot committed;
        try {
          committed = repo.readCommitted(s);
        } catch (EngineException e) {
          problems.add(
              new VerifyProblem(e.subject().orElse(s.manifestKey()), s.jobId(), reason(e)));
          progress.advance(1, 0);
          continue;
        }
        Manifest manifest = committed.manifest();
        for (String problem : SummaryCheck.catalogEntry(repo.layout(), committed)) {
          problems.add(new VerifyProblem(s.catalogKey(), s.jobId(), problem));
        }
        if (s.equals(newest)) {
          newestManifest = manifest;
        }
        checked++;
        String cycleId = manifest.isFull() ? manifest.jobId() : manifest.parentFull();
        if (cycle == null || !cycle.id().equals(cycleId)) {
          if (cycle != null) {
            cycle.finish(request.readData(), progress);
            packsChecked += cycle.packsChecked();
            packsRead += cycle.packsRead();
            filesVerified += cycle.filesVerified();
          }
          cycle = new CycleChecker(repo, cycleId, problems);
          if (!manifest.isFull()) {
            cycle.loadFull(s);
          }
        }
        cycle.add(manifest, s);
        progress.advance(1, 0);
      }
      if (cycle != null) {
        progress.phase(request.readData() ? Phase.READING_DATA : Phase.CHECKING);
        cycle.finish(request.readData(), progress);
        packsChecked += cycle.packsChecked();
        packsRead += cycle.packsRead();
        filesVerified += cycle.filesVerified();
      }
      if (request.snapshotId().isEmpty()) {
        checkCatalogKeys(problems);
        checkLatestPointer(newest, newestManifest, problems);
      }
      boolean sampled = chosen.size() < all.size() && request.snapshotId().isEmpty();
      return new VerifyReport(
          checked,
          all.size(),
          packsChecked,
          packsRead,
          filesVerified,
          progress.bytesTransferred(),
          sampled,
          java.time.Duration.between(started, repo.clock().instant()),
          new ArrayList<>(problems));
    } finally {
      progress.phase(Phase.DONE);
    }
  }

  /** Objects under the catalog prefix whose keys do not parse are invisible to every listing. */
  private void checkCatalogKeys(List<VerifyProblem> problems) throws EngineException {
    String prefix = repo.layout().catalogPrefix();
    try {
      Iterator<ObjectInfo> it = repo.target().listAll(prefix);
      while (it.hasNext()) {
        String key = it.next().key();
        // A key ending in '/' is a folder marker some S3 tools create: not an object of ours.
        if (!key.endsWith("/") && repo.layout().parseCatalogKey(key).isEmpty()) {
          problems.add(
              new VerifyProblem(
                  key,
                  null,
                  "is not a catalog entry key ({job_id}_{type}_{finished_at}[_{label}]*.json): listings ignore"
                      + " it, so the snapshot it stands for is not listed"));
        }
      }
    } catch (IOException e) {
      throw new TargetAccessException(prefix, "listing the catalog", e);
    } catch (UncheckedIOException e) {
      throw new TargetAccessException(prefix, "listing the catalog", e.getCause());
    }
  }

  /**
   * The latest pointer must name the newest listed snapshot with that snapshot's manifest fields
   * (it is rewritten by every backup, so one left stale by a crash is corrected by the next).
   */
  private void checkLatestPointer(
      SnapshotSummary newest, Manifest newestManifest, List<VerifyProblem> problems) {
    String provider = repo.target().provider();
    String key = repo.layout().latestKey(provider);
    byte[] pointer;
    try {
      pointer = repo.target().read(key, Repository.MAX_DOCUMENT_BYTES);
    } catch (ObjectNotFoundException e) {
      if (newest != null) {
        problems.add(
            new VerifyProblem(
                key,
                newest.jobId(),
                "is missing; the newest snapshot is "
                    + newest.jobId()
                    + " (the next backup writes it)"));
      }
      return;
    } catch (IOException e) {
      problems.add(new VerifyProblem(key, null, "cannot be read: " + e.getMessage()));
      return;
    }
    if (newest != null && newestManifest == null) {
      return; // the newest snapshot's own problem is reported; nothing to compare the pointer with
    }
    for (String problem :
        SummaryCheck.latestPointer(pointer, provider, newest, newestManifest, repo.layout())) {
      problems.add(new VerifyProblem(key, newest == null ? null : newest.jobId(), problem));
    }
  }

  static String reason(EngineException e) {
    String message = e.getMessage();
    String subject = e.subject().orElse(null);
    if (subject != null && message.startsWith(subject + ": ")) {
      return message.substring(subject.length() + 2);
    }
    return message;
  }

  private static List<SnapshotSummary> choose(List<SnapshotSummary> all, VerifyRequest request)
      throws EngineException {
    if (request.snapshotId().isPresent()) {
      String id = request.snapshotId().get();
      List<SnapshotSummary> one = all.stream().filter(s -> s.jobId().equals(id)).toList();
      if (one.isEmpty()) {
        throw new dev.bulwark.engine.SnapshotNotFoundException("no snapshot " + id + " to verify");
      }
      return one;
    }
    int n = all.size();
    if (request.sampleCount().isPresent()) {
      n = Math.min(all.size(), request.sampleCount().getAsInt());
    } else if (request.sampleFraction().isPresent()) {
      n =
          (int)
              Math.min(all.size(), Math.ceil(all.size() * request.sampleFraction().getAsDouble()));
    }
    if (n >= all.size()) {
      return all;
    }
    List<SnapshotSummary> pool = new ArrayList<>(all.subList(0, all.size() - 1));
    Collections.shuffle(pool, new Random(request.seed()));
    List<SnapshotSummary> chosen = new ArrayList<>(pool.subList(0, Math.max(0, n - 1)));
    chosen.add(all.get(all.size() - 1));
    chosen.sort(SnapshotSummary.COMMIT_ORDER);
    return chosen;
  }
}
