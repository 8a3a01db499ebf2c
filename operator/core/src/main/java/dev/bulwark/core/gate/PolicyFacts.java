package dev.bulwark.core.gate;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;
import java.util.Objects;

/**
 * What the gate needs to know of one BackupPolicy, taken from its status. Times are null when the
 * status does not have them (nothing ran yet), which the gate treats as missing.
 *
 * @param name the policy's name
 * @param valid false when the policy's Valid condition is False (invalid or unreadable manifest)
 * @param invalidReason reason and message of the Valid condition when {@code valid} is false
 * @param healthy the status of the Healthy condition: True, False, Unknown, or null when unset
 * @param healthMessage reason and message of the Healthy condition
 * @param lastSuccessfulBackup the newest successful backup of any type
 * @param lastPreUpgradeBackup the newest snapshot labelled pre-upgrade (R18)
 * @param lastFailedJob the newest failed job (status {@code lastFailedJob}, else its recent jobs)
 * @param verified the status of the Verified condition (the newest verify of the repository): True,
 *     False, Unknown, or null when unset
 * @param verifyMessage reason and message of the Verified condition
 */
public record PolicyFacts(
    String name,
    boolean valid,
    String invalidReason,
    String healthy,
    String healthMessage,
    Snapshot lastSuccessfulBackup,
    Snapshot lastPreUpgradeBackup,
    FailedJob lastFailedJob,
    String verified,
    String verifyMessage) {

  @JsonCreator
  public PolicyFacts {
    Objects.requireNonNull(name, "name");
  }

  /** Facts of a status without a Verified condition (written before periodic verifies). */
  public PolicyFacts(
      String name,
      boolean valid,
      String invalidReason,
      String healthy,
      String healthMessage,
      Snapshot lastSuccessfulBackup,
      Snapshot lastPreUpgradeBackup,
      FailedJob lastFailedJob) {
    this(
        name,
        valid,
        invalidReason,
        healthy,
        healthMessage,
        lastSuccessfulBackup,
        lastPreUpgradeBackup,
        lastFailedJob,
        null,
        null);
  }

  /** These facts with the history-derived ones replaced (newer records than the status knew). */
  public PolicyFacts withHistory(
      String healthy,
      String healthMessage,
      Snapshot lastSuccessfulBackup,
      Snapshot lastPreUpgradeBackup,
      FailedJob lastFailedJob) {
    return new PolicyFacts(
        name,
        valid,
        invalidReason,
        healthy,
        healthMessage,
        lastSuccessfulBackup,
        lastPreUpgradeBackup,
        lastFailedJob,
        verified,
        verifyMessage);
  }

  /**
   * A finished, successful backup job.
   *
   * @param jobId the job (and snapshot) id
   * @param type full or incremental
   * @param finishedAt when it finished
   */
  public record Snapshot(String jobId, String type, Instant finishedAt) {}

  /**
   * A backup job that failed.
   *
   * @param jobId the job id
   * @param finishedAt when it gave up
   * @param error why, as the job recorded it
   */
  public record FailedJob(String jobId, Instant finishedAt, String error) {}
}
