package dev.bulwark.core.verify;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunLock;
import dev.bulwark.core.runs.RunStore;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyProblem;
import dev.bulwark.engine.verify.VerifyReport;
import dev.bulwark.engine.verify.VerifyRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one verify of a policy's repository end to end on the calling thread: takes the policy's
 * verify lock (one run per policy across processes; a backup may run meanwhile, a verify only
 * reads), ends as failed any run a dead process left running, runs the engine's {@link Verifier}
 * with the policy's sample, records the run, appends a {@code verify} line to the audit trail and
 * tells the listener (metrics). Problems of snapshots that retention removed while the verify ran
 * are dropped: they were not damaged, only gone.
 */
public final class VerifyRunner {
  private static final Logger LOG = LoggerFactory.getLogger(VerifyRunner.class);

  private final PolicyRepositories repositories;
  private final RunStore<VerifyRecord> store;
  private final VerifyHistory history;
  private final Clock clock;

  /**
   * A runner opening repositories through {@code repositories}, its records under {@code paths}.
   *
   * @param listener told about every finished run (metrics); never throws into the run
   */
  public VerifyRunner(
      PolicyRepositories repositories,
      StatePaths paths,
      Clock clock,
      Consumer<VerifyRecord> listener) {
    this.repositories = repositories;
    this.history = new VerifyHistory(paths, clock, listener);
    this.store = history.store();
    this.clock = clock;
  }

  /** The run records this runner writes. */
  public RunStore<VerifyRecord> store() {
    return store;
  }

  /** Records a new run of {@code policy} as running and returns it; {@link #run} then runs it. */
  public VerifyRecord begin(
      BackupPolicy policy, Optional<String> namespace, String trigger, String actor) {
    VerifySettings settings = VerifySettings.of(policy.getSpec());
    Instant now = clock.instant();
    VerifyRecord running =
        new VerifyRecord(
            JobId.generate(now),
            policy.getRef().name(),
            namespace.orElse(null),
            trigger,
            actor,
            VerifyRecord.RUNNING,
            now,
            null,
            null,
            settings.readData(),
            settings.sample(),
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            null);
    store.write(running);
    return running;
  }

  /** Runs {@code running} (from {@link #begin}) with the policy's settings. Never throws. */
  public VerifyRecord run(BackupPolicy policy, VerifyRecord running) {
    VerifyRequest request;
    try {
      request = VerifySettings.of(policy.getSpec()).request();
    } catch (IllegalArgumentException e) {
      return finish(failed(running, null, "spec.verify.sample: " + e.getMessage()));
    }
    return run(policy, running, request);
  }

  /** Runs {@code running} with {@code request}. Never throws: the record says how it ended. */
  public VerifyRecord run(BackupPolicy policy, VerifyRecord running, VerifyRequest request) {
    Path dir = store.directory(running.key());
    Optional<RunLock> lock = RunLock.tryAcquire(dir, running.runId());
    if (lock.isEmpty()) {
      return finish(
          failed(
              running,
              null,
              "another verify of BackupPolicy "
                  + running.policy()
                  + " is running ("
                  + RunLock.holder(dir)
                  + ")"));
    }
    // Held, never read: the try block below is what it guards.
    RunLock held = lock.get();
    try (held) {
      recoverAbandoned(running.key(), running.runId());
      VerifyRecord ended;
      try {
        ended = execute(policy, running, request);
      } catch (RuntimeException e) {
        LOG.error(
            "BackupPolicy/{}: verify {} failed unexpectedly", running.policy(), running.runId(), e);
        ended =
            failed(
                running,
                null,
                "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      return finish(ended);
    }
  }

  /**
   * Ends as failed the runs of a policy that a dead process left running, if no live run holds the
   * policy's verify lock. Runtimes call it when the history shows a run they are not running.
   *
   * @return true when the lock was free
   */
  public boolean recover(RunKey key) {
    Optional<RunLock> lock = RunLock.tryAcquire(store.directory(key), "recovery");
    if (lock.isEmpty()) {
      return false;
    }
    // Held, never read: the try block below is what it guards.
    RunLock held = lock.get();
    try (held) {
      recoverAbandoned(key, "");
      return true;
    }
  }

  private void recoverAbandoned(RunKey key, String currentRunId) {
    for (VerifyRecord record : store.recent(key, VerifyRuns.WINDOW)) {
      if (!record.finished() && !record.runId().equals(currentRunId)) {
        store.write(
            failed(
                record, record.target(), "interrupted: the process running this verify stopped"));
        LOG.warn(
            "BackupPolicy/{}: verify {} was left running by a process that stopped; recorded as failed",
            key.owner(),
            record.runId());
      }
    }
  }

  private VerifyRecord execute(BackupPolicy policy, VerifyRecord running, VerifyRequest request) {
    PolicyRepository bound;
    try {
      bound = repositories.open(policy, Optional.empty());
    } catch (JobSetupException e) {
      return failed(running, null, "cannot open the repository: " + e.getMessage());
    }
    String target = WireNames.of(bound.provider());
    VerifyReport report;
    try {
      report = new Verifier(bound.repository()).verify(request);
    } catch (EngineException e) {
      return failed(running, target, e.getMessage());
    }
    List<VerifyProblem> problems = report.problems();
    if (!problems.isEmpty()) {
      problems = withoutRemovedSnapshots(bound, problems);
    }
    List<String> shown =
        problems.stream().limit(VerifyRecord.PROBLEMS_KEPT).map(VerifyProblem::toString).toList();
    return new VerifyRecord(
        running.runId(),
        running.policy(),
        running.namespace(),
        running.trigger(),
        running.actor(),
        problems.isEmpty() ? VerifyRecord.SUCCESS : VerifyRecord.FAILED,
        running.startedAt(),
        clock.instant(),
        target,
        request.readData(),
        running.sample(),
        report.snapshotsChecked(),
        report.snapshotsInRepository(),
        report.packsRead(),
        report.filesVerified(),
        report.bytesRead(),
        problems.size(),
        shown,
        null);
  }

  /**
   * Retention may remove snapshots while a verify reads them: their "missing" objects are no
   * damage.
   */
  private static List<VerifyProblem> withoutRemovedSnapshots(
      PolicyRepository bound, List<VerifyProblem> problems) {
    Set<String> listed;
    try {
      listed =
          bound.repository().catalog().list().stream()
              .map(SnapshotSummary::jobId)
              .collect(Collectors.toSet());
    } catch (EngineException e) {
      return problems; // cannot tell: keep every problem
    }
    return problems.stream()
        .filter(p -> p.snapshotJobId() == null || listed.contains(p.snapshotJobId()))
        .toList();
  }

  private VerifyRecord finish(VerifyRecord record) {
    return history.finish(record);
  }

  private VerifyRecord failed(VerifyRecord r, String target, String error) {
    return new VerifyRecord(
        r.runId(),
        r.policy(),
        r.namespace(),
        r.trigger(),
        r.actor(),
        VerifyRecord.FAILED,
        r.startedAt(),
        clock.instant(),
        target,
        r.readData(),
        r.sample(),
        r.snapshotsChecked(),
        r.snapshotsInRepository(),
        r.packsRead(),
        r.filesVerified(),
        r.bytesRead(),
        r.problemCount(),
        r.problems(),
        error);
  }
}
