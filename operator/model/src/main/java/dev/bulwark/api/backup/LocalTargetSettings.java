package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Settings of the local-directory target. */
public class LocalTargetSettings {
  @JsonPropertyDescription(
      "Repository directory; relative paths resolve against the state directory. Default: <state>/repository.")
  private String path;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }
}
