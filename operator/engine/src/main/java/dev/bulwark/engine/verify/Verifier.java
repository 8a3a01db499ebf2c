package dev.bulwark.engine.verify;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.Repository;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.progress.Phase;
import dev.bulwark.engine.progress.ProgressListener;
import dev.bulwark.engine.progress.ProgressTracker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
      for (SnapshotSummary s : chosen) {
        Manifest manifest;
        try {
          manifest = repo.readManifest(s);
        } catch (EngineException e) {
          problems.add(new VerifyProblem(e.subject().orElse(s.manifestKey()), s.jobId(), reason(e)));
          progress.advance(1, 0);
          continue;
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
      n = (int) Math.min(all.size(), Math.ceil(all.size() * request.sampleFraction().getAsDouble()));
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
