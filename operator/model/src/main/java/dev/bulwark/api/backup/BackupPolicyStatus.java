package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.bulwark.api.common.ResourceStatus;
import java.util.List;

/**
 * What the controller observed of a BackupPolicy: times, never ages, so that a status only changes
 * when something happened (a reader computes an age from a time when it shows one). {@code
 * dataAgeSeconds}, which older status files and resources carry, is read and dropped.
 */
@JsonIgnoreProperties({"dataAgeSeconds"})
public class BackupPolicyStatus extends ResourceStatus {
  private BackupRef lastSuccessfulBackup;

  private BackupRef lastFullBackup;

  @JsonPropertyDescription("The newest snapshot labelled pre-upgrade (R18), for the release gate.")
  private BackupRef lastPreUpgradeBackup;

  private Integer consecutiveFailures;

  @JsonPropertyDescription("RFC 3339 time of the next incremental snapshot.")
  private String nextIncremental;

  @JsonPropertyDescription("RFC 3339 time of the next full snapshot.")
  private String nextFull;

  @JsonPropertyDescription("The target jobs of this policy write to.")
  private String resolvedTarget;

  @JsonPropertyDescription(
      "How old the newest successful snapshot may get before Fresh turns False (and the stale alert fires).")
  private Long freshnessLimitSeconds;

  @JsonPropertyDescription(
      "The last value of the bulwark.dev/run-now annotation that started a job; a new value starts one more.")
  private String runNowHandled;

  @JsonPropertyDescription("The job pending or running now, if any.")
  private JobSummary activeJob;

  @JsonPropertyDescription("The most recent finished jobs, newest first.")
  private List<JobSummary> recentJobs;

  @JsonPropertyDescription(
      "The newest failed job, however many jobs followed it (the release gate's health window reads it).")
  private JobSummary lastFailedJob;

  @JsonPropertyDescription("The newest verify run of the repository (R16).")
  private VerifyRun lastVerify;

  @JsonPropertyDescription("RFC 3339 time of the next periodic verify.")
  private String nextVerify;

  @JsonPropertyDescription(
      "Incremental jobs that ended in the 24 hours up to the newest job's end: succeeded, failed and"
          + " their ratio (R25 asks >= 0.99).")
  private SuccessRate incrementalSuccess24h;

  public BackupRef getLastSuccessfulBackup() {
    return lastSuccessfulBackup;
  }

  public void setLastSuccessfulBackup(BackupRef lastSuccessfulBackup) {
    this.lastSuccessfulBackup = lastSuccessfulBackup;
  }

  public BackupRef getLastFullBackup() {
    return lastFullBackup;
  }

  public void setLastFullBackup(BackupRef lastFullBackup) {
    this.lastFullBackup = lastFullBackup;
  }

  public BackupRef getLastPreUpgradeBackup() {
    return lastPreUpgradeBackup;
  }

  public void setLastPreUpgradeBackup(BackupRef lastPreUpgradeBackup) {
    this.lastPreUpgradeBackup = lastPreUpgradeBackup;
  }

  public Integer getConsecutiveFailures() {
    return consecutiveFailures;
  }

  public void setConsecutiveFailures(Integer consecutiveFailures) {
    this.consecutiveFailures = consecutiveFailures;
  }

  public String getNextIncremental() {
    return nextIncremental;
  }

  public void setNextIncremental(String nextIncremental) {
    this.nextIncremental = nextIncremental;
  }

  public String getNextFull() {
    return nextFull;
  }

  public void setNextFull(String nextFull) {
    this.nextFull = nextFull;
  }

  public String getResolvedTarget() {
    return resolvedTarget;
  }

  public void setResolvedTarget(String resolvedTarget) {
    this.resolvedTarget = resolvedTarget;
  }

  public JobSummary getActiveJob() {
    return activeJob;
  }

  public void setActiveJob(JobSummary activeJob) {
    this.activeJob = activeJob;
  }

  public List<JobSummary> getRecentJobs() {
    return recentJobs;
  }

  public void setRecentJobs(List<JobSummary> recentJobs) {
    this.recentJobs = recentJobs;
  }

  public JobSummary getLastFailedJob() {
    return lastFailedJob;
  }

  public void setLastFailedJob(JobSummary lastFailedJob) {
    this.lastFailedJob = lastFailedJob;
  }

  public SuccessRate getIncrementalSuccess24h() {
    return incrementalSuccess24h;
  }

  public void setIncrementalSuccess24h(SuccessRate incrementalSuccess24h) {
    this.incrementalSuccess24h = incrementalSuccess24h;
  }

  public VerifyRun getLastVerify() {
    return lastVerify;
  }

  public void setLastVerify(VerifyRun lastVerify) {
    this.lastVerify = lastVerify;
  }

  public String getNextVerify() {
    return nextVerify;
  }

  public void setNextVerify(String nextVerify) {
    this.nextVerify = nextVerify;
  }

  public Long getFreshnessLimitSeconds() {
    return freshnessLimitSeconds;
  }

  public void setFreshnessLimitSeconds(Long freshnessLimitSeconds) {
    this.freshnessLimitSeconds = freshnessLimitSeconds;
  }

  public String getRunNowHandled() {
    return runNowHandled;
  }

  public void setRunNowHandled(String runNowHandled) {
    this.runNowHandled = runNowHandled;
  }
}
