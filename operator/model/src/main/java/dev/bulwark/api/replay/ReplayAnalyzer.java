package dev.bulwark.api.replay;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The analyzer a replay runs per partition: a program (argv, no shell) and its version. */
public class ReplayAnalyzer {
  @JsonPropertyDescription(
      "Program and arguments; {input}, {output} and {partition} are substituted.")
  private List<String> argv;

  @JsonPropertyDescription(
      "Version of the analyzer, part of the output root and the idempotency guard.")
  private String analyzerVersion;

  @JsonPropertyDescription("Free-form analyzer configuration, recorded beside the outputs.")
  private JsonNode config;

  public List<String> getArgv() {
    return argv;
  }

  public void setArgv(List<String> argv) {
    this.argv = argv;
  }

  public String getAnalyzerVersion() {
    return analyzerVersion;
  }

  public void setAnalyzerVersion(String analyzerVersion) {
    this.analyzerVersion = analyzerVersion;
  }

  public JsonNode getConfig() {
    return config;
  }

  public void setConfig(JsonNode config) {
    this.config = config;
  }
}
