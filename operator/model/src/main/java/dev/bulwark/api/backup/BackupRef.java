package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A pointer to one finished backup job. */
public class BackupRef {
  private String jobId;

  @JsonPropertyDescription("full or incremental.")
  private String type;

  private String target;

  @JsonPropertyDescription("RFC 3339.")
  private String finishedAt;

  @JsonPropertyDescription("e.g. pre-upgrade.")
  private String label;

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

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }

  public String getLabel() {
    return label;
  }

  public void setLabel(String label) {
    this.label = label;
  }
}
