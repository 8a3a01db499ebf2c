package dev.bulwark.api.replay;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The raw inputs of a replay, read only: globs under a root, live or as of a snapshot. */
public class ReplayInputs {
  @JsonPropertyDescription("Absolute directory the globs are relative to.")
  private String root;

  @JsonPropertyDescription("Globs of raw files relative to root, e.g. **/*.csv.")
  private List<String> paths;

  @JsonPropertyDescription(
      "Read the inputs as of this snapshot: a job_id or an RFC 3339 time (needs policyRef).")
  private String fromSnapshot;

  public String getRoot() {
    return root;
  }

  public void setRoot(String root) {
    this.root = root;
  }

  public List<String> getPaths() {
    return paths;
  }

  public void setPaths(List<String> paths) {
    this.paths = paths;
  }

  public String getFromSnapshot() {
    return fromSnapshot;
  }

  public void setFromSnapshot(String fromSnapshot) {
    this.fromSnapshot = fromSnapshot;
  }
}
