package dev.bulwark.core.reconcile;

import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.VerifyRun;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.core.jobs.HistoryFacts;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.schedule.CronSchedule;
import dev.bulwark.core.verify.VerifyRecord;
import dev.bulwark.core.verify.VerifySettings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A policy's periodic verify (R16): reports the newest run ({@code status.lastVerify}), sets the
 * {@code Verified} condition (a False alerts like a failing backup, R22, and blocks the release
 * gate) and decides when the next run is due:
 *
 * <ul>
 *   <li>at the verify schedule: when it fired after the newest run began; a policy that never
 *       verified waits for the first fire after it was first reconciled ({@code status.nextVerify}
 *       keeps that fire across reconciles and restarts);
 *   <li>at once when a backup job found the newest snapshot corrupt after the newest run began.
 * </ul>
 *
 * A verify needs a snapshot to check: none starts before the policy's first successful backup.
 */
final class VerifyFacts {
  /** Trigger of a scheduled run. */
  static final String SCHEDULE = "schedule";

  /** Trigger of a run after a job found a corrupt snapshot. */
  static final String CORRUPT_SNAPSHOT = "corrupt-snapshot";

  private VerifyFacts() {}

  /**
   * Sets the status and condition; returns the trigger of a run to start now, if one is due.
   *
   * @param runs the newest runs, newest first
   * @param active whether scheduling is on (the policy is valid and not suspended)
   */
  static Optional<String> apply(
      List<VerifyRecord> runs,
      HistoryFacts history,
      BackupPolicyStatus status,
      ConditionRecorder conditions,
      VerifySettings settings,
      CronSchedule schedule,
      boolean active,
      Instant now) {
    Optional<VerifyRecord> newest = runs.stream().findFirst();
    Optional<VerifyRecord> finished = runs.stream().filter(VerifyRecord::finished).findFirst();
    finished.ifPresent(r -> status.setLastVerify(run(r)));
    JobRecord corrupt = history.lastCorruptFound();
    boolean corruptSinceRun =
        corrupt != null
            && corrupt.finishedAt() != null
            && (newest.isEmpty() || corrupt.finishedAt().isAfter(newest.get().startedAt()));
    boolean scheduling = active && !settings.suspended();
    Optional<Instant> upcoming =
        scheduling ? Optional.of(next(newest, schedule, status, now)) : Optional.empty();
    // The next run is set before the condition that names it, so the first reconcile writes the
    // same message as every later one (otherwise the second pass changes the status once more).
    status.setNextVerify(upcoming.map(Instant::toString).orElse(null));
    condition(finished, corrupt, corruptSinceRun, status, conditions);

    if (upcoming.isEmpty()) {
      return Optional.empty();
    }
    boolean backedUp = history.lastSuccess() != null || status.getLastSuccessfulBackup() != null;
    Instant next = upcoming.get();
    if (newest.isPresent() && !newest.get().finished()) {
      return Optional.empty();
    }
    if (corruptSinceRun) {
      return Optional.of(CORRUPT_SNAPSHOT);
    }
    return backedUp && !next.isAfter(now) ? Optional.of(SCHEDULE) : Optional.empty();
  }

  /**
   * The next scheduled run: the first fire after the newest run began, else the one first promised.
   */
  private static Instant next(
      Optional<VerifyRecord> newest,
      CronSchedule schedule,
      BackupPolicyStatus status,
      Instant now) {
    if (newest.isPresent()) {
      return schedule.nextAfter(newest.get().startedAt());
    }
    Instant upcoming = schedule.nextAfter(now);
    Optional<Instant> promised =
        Optional.ofNullable(status.getNextVerify()).flatMap(VerifyFacts::instant);
    // A schedule changed to an earlier fire takes effect; one changed to a later fire runs once
    // more at the old one.
    return promised.filter(p -> p.isBefore(upcoming)).orElse(upcoming);
  }

  private static void condition(
      Optional<VerifyRecord> finished,
      JobRecord corrupt,
      boolean corruptSinceRun,
      BackupPolicyStatus status,
      ConditionRecorder conditions) {
    String policy =
        corrupt != null ? corrupt.policy() : finished.map(VerifyRecord::policy).orElse("");
    if (corruptSinceRun) {
      conditions.set(
          ConditionType.VERIFIED,
          false,
          ConditionReason.CORRUPT_SNAPSHOT,
          "job "
              + corrupt.jobId()
              + " found snapshot "
              + corrupt.corruptSnapshot()
              + " unusable ("
              + corrupt.corruptReason()
              + ") and took a full instead; a verify runs now, and `bulwark verify --policy "
              + policy
              + "` names every damaged object");
    } else if (finished.isEmpty()) {
      conditions.unknownQuietly(
          ConditionType.VERIFIED,
          ConditionReason.NO_RUNS_YET,
          "no verify has run yet"
              + (status.getNextVerify() == null
                  ? ""
                  : "; the first is due at " + status.getNextVerify()));
    } else if (finished.get().succeeded()) {
      conditions.set(
          ConditionType.VERIFIED, true, ConditionReason.VERIFY_PASSED, finished.get().summary());
    } else {
      conditions.set(
          ConditionType.VERIFIED,
          false,
          ConditionReason.VERIFY_FAILED,
          finished.get().summary()
              + "; run `bulwark verify --policy "
              + policy
              + " --read-data` to list every damaged object, then take a"
              + " new full (`bulwark backup --policy "
              + policy
              + " --snapshot-type full`)");
    }
  }

  private static VerifyRun run(VerifyRecord r) {
    VerifyRun run = new VerifyRun();
    run.setRunId(r.runId());
    run.setTrigger(r.trigger());
    run.setStartedAt(r.startedAt() == null ? null : r.startedAt().toString());
    run.setFinishedAt(r.finishedAt() == null ? null : r.finishedAt().toString());
    run.setSucceeded(r.succeeded());
    run.setReadData(r.readData());
    run.setSnapshotsChecked(r.snapshotsChecked());
    run.setSnapshotsInRepository(r.snapshotsInRepository());
    run.setFilesVerified(r.filesVerified());
    run.setBytesRead(r.bytesRead());
    run.setProblemCount(r.problemCount());
    run.setProblems(r.problems().isEmpty() ? null : r.problems());
    run.setError(r.error());
    return run;
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
