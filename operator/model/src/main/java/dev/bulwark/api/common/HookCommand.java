package dev.bulwark.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** A command run before or after a job, with a timeout. */
public class HookCommand {
  @JsonPropertyDescription("argv of the command; no shell is involved unless you name one.")
  private List<String> command;

  @JsonPropertyDescription("Seconds before the command is killed; default 60.")
  private Integer timeoutSeconds = 60;

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
