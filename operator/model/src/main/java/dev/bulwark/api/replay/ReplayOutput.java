package dev.bulwark.api.replay;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where replayed outputs are published, one folder per partition. */
public class ReplayOutput {
  @JsonPropertyDescription(
      "Absolute versioned root containing {analyzerVersion}, e.g. /data/derived/{analyzerVersion}.")
  private String root;

  public String getRoot() {
    return root;
  }

  public void setRoot(String root) {
    this.root = root;
  }
}
