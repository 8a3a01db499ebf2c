package dev.bulwark.core.reconcile;

import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.drill.DrillRun;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.core.drills.DrillObjectives;
import dev.bulwark.core.drills.DrillRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns a drill's run history into its status (last run, last success, the last runs) and the
 * conditions derived from the newest finished run: {@code Succeeded} and {@code ObjectivesMet}. A
 * False of either is a warning, so a failed drill alerts like a failing backup (R22).
 */
final class DrillRunStatus {
  static final int RECENT_IN_STATUS = 10;

  private DrillRunStatus() {}

  /**
   * Sets the status facts and conditions from {@code runs} (newest first). Without runs both
   * conditions are Unknown with {@code waiting} as their message, set without a transition: there
   * is nothing to alert about before a first run.
   */
  static void apply(
      List<DrillRecord> runs,
      RestoreDrillStatus status,
      ConditionRecorder conditions,
      DrillObjectives objectives,
      String waiting,
      Long generation,
      Instant now) {
    status.setRpoObjectiveSeconds(objectives.rpo().toSeconds());
    status.setRtoObjectiveSeconds(objectives.rto().toSeconds());
    if (runs.isEmpty()) {
      status
          .conditions()
          .setUnknown(
              ConditionType.SUCCEEDED, ConditionReason.NO_RUNS_YET, waiting, generation, now);
      status
          .conditions()
          .setUnknown(
              ConditionType.OBJECTIVES_MET, ConditionReason.NO_RUNS_YET, waiting, generation, now);
      return;
    }
    status.setLastRun(run(runs.get(0)));
    runs.stream()
        .filter(DrillRecord::succeeded)
        .findFirst()
        .ifPresent(r -> status.setLastSuccessAt(r.finishedAt().toString()));
    List<DrillRun> finished =
        runs.stream()
            .filter(DrillRecord::finished)
            .limit(RECENT_IN_STATUS)
            .map(DrillRunStatus::run)
            .toList();
    status.setRecentRuns(finished.isEmpty() ? status.getRecentRuns() : finished);
    Optional<DrillRecord> last = runs.stream().filter(DrillRecord::finished).findFirst();
    if (last.isEmpty()) {
      return; // the first run is going: nothing to judge yet
    }
    DrillRecord r = last.get();
    if (r.succeeded()) {
      conditions.set(
          ConditionType.SUCCEEDED,
          true,
          ConditionReason.RUN_SUCCEEDED,
          "run "
              + r.runId()
              + " restored "
              + r.objects()
              + " objects of snapshot "
              + r.snapshotJobId()
              + " and passed "
              + String.join(", ", r.validations()));
    } else {
      conditions.set(
          ConditionType.SUCCEEDED,
          false,
          ConditionReason.RUN_FAILED,
          "run "
              + r.runId()
              + " failed: "
              + r.failureReason()
              + (r.remediation() == null ? "" : "; remediation: " + r.remediation()));
    }
    if (r.succeeded() && r.actualRpoSeconds() != null && r.actualRtoSeconds() != null) {
      String measured = objectives.describe(r.actualRpoSeconds(), r.actualRtoSeconds());
      boolean met = Boolean.TRUE.equals(r.objectivesMet());
      conditions.set(
          ConditionType.OBJECTIVES_MET,
          met,
          met ? ConditionReason.OBJECTIVES_WITHIN : ConditionReason.OBJECTIVES_MISSED,
          measured + (met || r.remediation() == null ? "" : "; " + r.remediation()));
    } else {
      conditions.set(
          ConditionType.OBJECTIVES_MET,
          false,
          ConditionReason.OBJECTIVES_MISSED,
          "run "
              + r.runId()
              + " failed, so no recovery was measured"
              + (r.actualRpoSeconds() == null
                  ? ""
                  : " (its snapshot was "
                      + DrillObjectives.human(r.actualRpoSeconds())
                      + " old; RPO objective "
                      + DrillObjectives.human(objectives.rpo().toSeconds())
                      + ")"));
    }
  }

  private static DrillRun run(DrillRecord r) {
    DrillRun run = new DrillRun();
    run.setStartedAt(r.startedAt() == null ? null : r.startedAt().toString());
    run.setFinishedAt(r.finishedAt() == null ? null : r.finishedAt().toString());
    run.setSnapshotJobId(r.snapshotJobId());
    run.setObjects(r.objects());
    run.setBytes(r.bytes());
    run.setActualRpoSeconds(r.actualRpoSeconds());
    run.setActualRtoSeconds(r.actualRtoSeconds());
    run.setSucceeded(r.finished() ? r.succeeded() : null);
    run.setObjectivesMet(r.objectivesMet());
    run.setFailureReason(r.failureReason());
    run.setRemediation(r.remediation());
    return run;
  }
}
