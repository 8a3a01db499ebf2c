package dev.bulwark.core.gate;

import java.time.Instant;
import java.util.Objects;

/**
 * What the gate needs to know of one RestoreDrill, taken from its spec and status.
 *
 * @param name the drill's name
 * @param policyRef the BackupPolicy it drills; null when the manifest could not be read, in which
 *     case the drill counts against every policy the gate covers
 * @param level L1, L2 or L3; null when unknown
 * @param valid false when the drill's Valid condition is False
 * @param invalidReason reason and message of the Valid condition when {@code valid} is false
 * @param lastSuccessAt when a run of this drill last succeeded; null when none has
 * @param lastSuccessSnapshot the snapshot (job id) the last successful run restored, when known
 * @param lastRunSucceeded whether the newest run succeeded; null when it never ran
 * @param lastRunFinishedAt when the newest run finished
 * @param lastRunFailure why the newest run failed, when it did
 */
public record DrillFacts(
    String name,
    String policyRef,
    String level,
    boolean valid,
    String invalidReason,
    Instant lastSuccessAt,
    String lastSuccessSnapshot,
    Boolean lastRunSucceeded,
    Instant lastRunFinishedAt,
    String lastRunFailure) {

  public DrillFacts {
    Objects.requireNonNull(name, "name");
  }

  /** These facts with a newer last run. */
  public DrillFacts withLastRun(boolean succeeded, Instant finishedAt, String failure) {
    return new DrillFacts(
        name,
        policyRef,
        level,
        valid,
        invalidReason,
        lastSuccessAt,
        lastSuccessSnapshot,
        succeeded,
        finishedAt,
        failure);
  }

  /** These facts with a newer last success, which restored {@code snapshot}. */
  public DrillFacts withLastSuccess(Instant at, String snapshot) {
    return new DrillFacts(
        name,
        policyRef,
        level,
        valid,
        invalidReason,
        at,
        snapshot,
        lastRunSucceeded,
        lastRunFinishedAt,
        lastRunFailure);
  }

  /** Whether this drill proves the backups of {@code policy}, or may (policy unknown). */
  public boolean covers(String policy) {
    return policyRef == null || policyRef.equals(policy);
  }
}
