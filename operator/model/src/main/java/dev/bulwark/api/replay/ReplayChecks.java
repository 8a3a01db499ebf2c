package dev.bulwark.api.replay;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Checks an analyzer's outputs must pass before they are published. */
public class ReplayChecks {
  @JsonPropertyDescription(
      "Every input has an output whose name starts with the input's base name.")
  private Boolean outputExistsPerInput;

  @JsonPropertyDescription("Every .json output parses as JSON.")
  private Boolean parseJson;

  @JsonPropertyDescription("Every .csv output parses as CSV with one column count.")
  private Boolean parseCsv;

  @JsonPropertyDescription(
      "A program that must exit 0; {input}, {output} and {partition} are substituted.")
  private List<String> command;

  public Boolean getOutputExistsPerInput() {
    return outputExistsPerInput;
  }

  public void setOutputExistsPerInput(Boolean outputExistsPerInput) {
    this.outputExistsPerInput = outputExistsPerInput;
  }

  public Boolean getParseJson() {
    return parseJson;
  }

  public void setParseJson(Boolean parseJson) {
    this.parseJson = parseJson;
  }

  public Boolean getParseCsv() {
    return parseCsv;
  }

  public void setParseCsv(Boolean parseCsv) {
    this.parseCsv = parseCsv;
  }

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }
}
