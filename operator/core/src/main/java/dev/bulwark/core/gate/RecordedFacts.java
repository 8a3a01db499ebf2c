package dev.bulwark.core.gate;

import dev.bulwark.core.StatePaths;
import dev.bulwark.core.drills.DrillPaths;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.drills.DrillStore;
import dev.bulwark.core.jobs.HistoryFacts;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Brings the facts of a written gate file up to date with the job and drill records of the same
 * compose state directory. The runtime rewrites {@code gate.json} within a minute of a change, but
 * {@code bulwark backup} and {@code bulwark drill} write their records at once: a gate checked
 * right after them must see them (the quickstart runs a drill, then checks the gate). A record only
 * ever replaces an older fact, never a newer one.
 */
public final class RecordedFacts {
  /**
   * Drill runs read per drill: the newest finished and the newest successful one are among them.
   */
  private static final int DRILL_RUNS = 20;

  private RecordedFacts() {}

  /** {@code inputs} with every fact that a newer record in {@code state} changes replaced. */
  public static GateInputs newer(GateInputs inputs, StatePaths state) {
    JobStore jobs = new JobStore(state);
    DrillStore drills = new DrillStore(new DrillPaths(state));
    List<PolicyFacts> policies = inputs.policies().stream().map(p -> policy(p, jobs)).toList();
    List<DrillFacts> drillFacts = inputs.drills().stream().map(d -> drill(d, drills)).toList();
    return new GateInputs(policies, drillFacts, inputs.scope(), inputs.unattributedFiles());
  }

  private static PolicyFacts policy(PolicyFacts facts, JobStore store) {
    HistoryFacts history;
    try {
      history = store.jobs(Optional.empty(), facts.name()).history();
    } catch (RuntimeException e) {
      return facts; // not a name the store can hold, or unreadable: the file's facts stand
    }
    PolicyFacts.Snapshot lastSuccess = newer(facts.lastSuccessfulBackup(), history.lastSuccess());
    PolicyFacts.Snapshot preUpgrade = newer(facts.lastPreUpgradeBackup(), history.lastPreUpgrade());
    PolicyFacts.FailedJob failed = facts.lastFailedJob();
    JobRecord recordedFailure = history.lastFailure();
    if (recordedFailure != null
        && recordedFailure.finishedAt() != null
        && (failed == null
            || failed.finishedAt() == null
            || recordedFailure.finishedAt().isAfter(failed.finishedAt()))) {
      failed =
          new PolicyFacts.FailedJob(
              recordedFailure.jobId(), recordedFailure.finishedAt(), recordedFailure.error());
    }
    String healthy = facts.healthy();
    String healthMessage = facts.healthMessage();
    Instant known = latest(at(facts.lastSuccessfulBackup()), failedAt(facts.lastFailedJob()));
    Instant recorded = latest(at(lastSuccess), failedAt(failed));
    if (recorded != null && (known == null || recorded.isAfter(known))) {
      // A job ended after the file was written: Healthy follows the history's failure streak.
      boolean failing = history.failureStreak() >= 2;
      healthy = failing ? "False" : "True";
      healthMessage =
          failing
              ? "BackupsFailing: " + history.failureStreak() + " consecutive backup jobs failed"
              : "BackupsSucceeding: the newest job succeeded";
    }
    return facts.withHistory(healthy, healthMessage, lastSuccess, preUpgrade, failed);
  }

  private static DrillFacts drill(DrillFacts facts, DrillStore store) {
    List<DrillRecord> runs;
    try {
      runs = store.recent(Optional.empty(), facts.name(), DRILL_RUNS);
    } catch (RuntimeException e) {
      return facts;
    }
    DrillFacts updated = facts;
    Optional<DrillRecord> lastRun = runs.stream().filter(DrillRecord::finished).findFirst();
    if (lastRun.isPresent()
        && lastRun.get().finishedAt() != null
        && (facts.lastRunFinishedAt() == null
            || lastRun.get().finishedAt().isAfter(facts.lastRunFinishedAt()))) {
      DrillRecord r = lastRun.get();
      updated =
          updated.withLastRun(
              r.succeeded(), r.finishedAt(), r.succeeded() ? null : r.failureReason());
    }
    Optional<DrillRecord> lastSuccess = runs.stream().filter(DrillRecord::succeeded).findFirst();
    if (lastSuccess.isPresent()
        && lastSuccess.get().finishedAt() != null
        && (facts.lastSuccessAt() == null
            || lastSuccess.get().finishedAt().isAfter(facts.lastSuccessAt()))) {
      updated =
          updated.withLastSuccess(
              lastSuccess.get().finishedAt(), lastSuccess.get().snapshotJobId());
    }
    return updated;
  }

  private static PolicyFacts.Snapshot newer(PolicyFacts.Snapshot known, JobRecord recorded) {
    if (recorded == null || recorded.finishedAt() == null) {
      return known;
    }
    if (known != null
        && known.finishedAt() != null
        && !recorded.finishedAt().isAfter(known.finishedAt())) {
      return known;
    }
    return new PolicyFacts.Snapshot(
        recorded.jobId(), recorded.effectiveType(), recorded.finishedAt());
  }

  private static Instant at(PolicyFacts.Snapshot snapshot) {
    return snapshot == null ? null : snapshot.finishedAt();
  }

  private static Instant failedAt(PolicyFacts.FailedJob failed) {
    return failed == null ? null : failed.finishedAt();
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
