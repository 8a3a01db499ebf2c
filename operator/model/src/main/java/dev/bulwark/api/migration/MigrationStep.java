package dev.bulwark.api.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** One step, taking objects from one version to the next. */
public class MigrationStep {
  private Integer from;

  private Integer to;

  private List<DocumentOperation> operations;

  @JsonPropertyDescription("argv; {path} is replaced by the object path.")
  private List<String> command;

  @JsonPropertyDescription("Seconds a command may run per object before it is killed (default 60).")
  private Integer timeoutSeconds;

  public Integer getFrom() {
    return from;
  }

  public void setFrom(Integer from) {
    this.from = from;
  }

  public Integer getTo() {
    return to;
  }

  public void setTo(Integer to) {
    this.to = to;
  }

  public List<DocumentOperation> getOperations() {
    return operations;
  }

  public void setOperations(List<DocumentOperation> operations) {
    this.operations = operations;
  }

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }

  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  public void setTimeoutSeconds(Integer timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }
}
