package dev.bulwark.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A Kubernetes-style condition (metav1.Condition): one observed fact about a resource. */
public class Condition {
  @JsonPropertyDescription("CamelCase type, e.g. Ready, Valid, Healthy.")
  private String type;

  @JsonPropertyDescription("True, False or Unknown.")
  private String status;

  @JsonPropertyDescription("CamelCase reason for the last transition.")
  private String reason;

  @JsonPropertyDescription("Human readable detail.")
  private String message;

  @JsonPropertyDescription("RFC 3339 time the status last changed.")
  private String lastTransitionTime;

  @JsonPropertyDescription("Spec generation the condition was computed from.")
  private Long observedGeneration;

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }
}
