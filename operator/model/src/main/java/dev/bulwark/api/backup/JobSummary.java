package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One backup job as the status shows it: what was asked, by whom, and how it ended. */
public class JobSummary {
  private String jobId;

  @JsonPropertyDescription(
      "full or incremental: the snapshot actually taken (or asked for, until it ran).")
  private String type;

  private String target;

  @JsonPropertyDescription("schedule, manual or pre-upgrade.")
  private String trigger;

  @JsonPropertyDescription("pending, running, success, failed or canceled.")
  private String state;

  @JsonPropertyDescription("1 for the first try; retries count up.")
  private Integer attempt;

  @JsonPropertyDescription("RFC 3339.")
  private String startedAt;

  @JsonPropertyDescription("RFC 3339.")
  private String finishedAt;

  private Long files;

  private Long bytes;

  @JsonPropertyDescription("Why it failed or was canceled.")
  private String error;

  @JsonPropertyDescription("e.g. pre-upgrade.")
  private String label;

  @JsonPropertyDescription("The failed job this attempt retried; absent for a first attempt.")
  private String retryOf;

  public String getJobId() {
    return jobId;
  }

  public void setJobId(String jobId) {
    this.jobId = jobId;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public String getTrigger() {
    return trigger;
  }

  public void setTrigger(String trigger) {
    this.trigger = trigger;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public Integer getAttempt() {
    return attempt;
  }

  public void setAttempt(Integer attempt) {
    this.attempt = attempt;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }

  public Long getFiles() {
    return files;
  }

  public void setFiles(Long files) {
    this.files = files;
  }

  public Long getBytes() {
    return bytes;
  }

  public void setBytes(Long bytes) {
    this.bytes = bytes;
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error;
  }

  public String getLabel() {
    return label;
  }

  public void setLabel(String label) {
    this.label = label;
  }

  public String getRetryOf() {
    return retryOf;
  }

  public void setRetryOf(String retryOf) {
    this.retryOf = retryOf;
  }
}
