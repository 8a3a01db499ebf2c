package dev.bulwark.api.drill;

/** The outcome of one drill run. */
public class DrillRun {
  private String startedAt;

  private String finishedAt;

  private String snapshotJobId;

  private Long objects;

  private Long bytes;

  private Long actualRpoSeconds;

  private Long actualRtoSeconds;

  private Boolean succeeded;

  private Boolean objectivesMet;

  private String failureReason;

  private String remediation;

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

  public String getSnapshotJobId() {
    return snapshotJobId;
  }

  public void setSnapshotJobId(String snapshotJobId) {
    this.snapshotJobId = snapshotJobId;
  }

  public Long getObjects() {
    return objects;
  }

  public void setObjects(Long objects) {
    this.objects = objects;
  }

  public Long getBytes() {
    return bytes;
  }

  public void setBytes(Long bytes) {
    this.bytes = bytes;
  }

  public Long getActualRpoSeconds() {
    return actualRpoSeconds;
  }

  public void setActualRpoSeconds(Long actualRpoSeconds) {
    this.actualRpoSeconds = actualRpoSeconds;
  }

  public Long getActualRtoSeconds() {
    return actualRtoSeconds;
  }

  public void setActualRtoSeconds(Long actualRtoSeconds) {
    this.actualRtoSeconds = actualRtoSeconds;
  }

  public Boolean getSucceeded() {
    return succeeded;
  }

  public void setSucceeded(Boolean succeeded) {
    this.succeeded = succeeded;
  }

  public Boolean getObjectivesMet() {
    return objectivesMet;
  }

  public void setObjectivesMet(Boolean objectivesMet) {
    this.objectivesMet = objectivesMet;
  }

  public String getFailureReason() {
    return failureReason;
  }

  public void setFailureReason(String failureReason) {
    this.failureReason = failureReason;
  }

  public String getRemediation() {
    return remediation;
  }

  public void setRemediation(String remediation) {
    this.remediation = remediation;
  }
}
