package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The outcome of one verify run of a policy's repository. */
public class VerifyRun {
  private String runId;

  @JsonPropertyDescription("schedule, corrupt-snapshot or manual.")
  private String trigger;

  @JsonPropertyDescription("RFC 3339.")
  private String startedAt;

  @JsonPropertyDescription("RFC 3339.")
  private String finishedAt;

  @JsonPropertyDescription("Whether nothing was found wrong; absent while the run goes.")
  private Boolean succeeded;

  @JsonPropertyDescription("Whether the sampled snapshots' data was read and hashed.")
  private Boolean readData;

  private Integer snapshotsChecked;

  private Integer snapshotsInRepository;

  private Long filesVerified;

  private Long bytesRead;

  @JsonPropertyDescription("Problems found; each names its object in problems.")
  private Integer problemCount;

  @JsonPropertyDescription("The first problems found, each naming its object.")
  private java.util.List<String> problems;

  @JsonPropertyDescription("Why the verify could not run at all.")
  private String error;

  public String getRunId() {
    return runId;
  }

  public void setRunId(String runId) {
    this.runId = runId;
  }

  public String getTrigger() {
    return trigger;
  }

  public void setTrigger(String trigger) {
    this.trigger = trigger;
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

  public Boolean getSucceeded() {
    return succeeded;
  }

  public void setSucceeded(Boolean succeeded) {
    this.succeeded = succeeded;
  }

  public Boolean getReadData() {
    return readData;
  }

  public void setReadData(Boolean readData) {
    this.readData = readData;
  }

  public Integer getSnapshotsChecked() {
    return snapshotsChecked;
  }

  public void setSnapshotsChecked(Integer snapshotsChecked) {
    this.snapshotsChecked = snapshotsChecked;
  }

  public Integer getSnapshotsInRepository() {
    return snapshotsInRepository;
  }

  public void setSnapshotsInRepository(Integer snapshotsInRepository) {
    this.snapshotsInRepository = snapshotsInRepository;
  }

  public Long getFilesVerified() {
    return filesVerified;
  }

  public void setFilesVerified(Long filesVerified) {
    this.filesVerified = filesVerified;
  }

  public Long getBytesRead() {
    return bytesRead;
  }

  public void setBytesRead(Long bytesRead) {
    this.bytesRead = bytesRead;
  }

  public Integer getProblemCount() {
    return problemCount;
  }

  public void setProblemCount(Integer problemCount) {
    this.problemCount = problemCount;
  }

  public java.util.List<String> getProblems() {
    return problems;
  }

  public void setProblems(java.util.List<String> problems) {
    this.problems = problems;
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error;
  }
}
