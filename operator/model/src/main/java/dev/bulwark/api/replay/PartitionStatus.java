package dev.bulwark.api.replay;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The state of one partition of a replay. */
public class PartitionStatus {
  private String key;

  private PartitionState state;

  @JsonPropertyDescription("Path of the partition's plan record or evidence file.")
  private String evidence;

  private String reason;

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public PartitionState getState() {
    return state;
  }

  public void setState(PartitionState state) {
    this.state = state;
  }

  public String getEvidence() {
    return evidence;
  }

  public void setEvidence(String evidence) {
    this.evidence = evidence;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }
}
