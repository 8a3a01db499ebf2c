package dev.bulwark.api.drill;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** How restored data is proven readable; sha256 is always checked. */
public class Validators {
  @JsonPropertyDescription("Parse every restored .json file.")
  private Boolean json;

  @JsonPropertyDescription("Parse every restored .csv file.")
  private Boolean csv;

  private PostgresValidator postgres;

  @JsonPropertyDescription("A command run in the sandbox; exit code 0 passes.")
  private List<String> command;

  public Boolean getJson() {
    return json;
  }

  public void setJson(Boolean json) {
    this.json = json;
  }

  public Boolean getCsv() {
    return csv;
  }

  public void setCsv(Boolean csv) {
    this.csv = csv;
  }

  public PostgresValidator getPostgres() {
    return postgres;
  }

  public void setPostgres(PostgresValidator postgres) {
    this.postgres = postgres;
  }

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }
}
