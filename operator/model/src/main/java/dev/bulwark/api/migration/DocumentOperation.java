package dev.bulwark.api.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;

/** One declarative edit of a document; paths are JSON Pointers. */
public class DocumentOperation {
  private OperationType op;

  @JsonPropertyDescription("JSON Pointer the operation writes.")
  private String path;

  @JsonPropertyDescription("JSON Pointer read by rename, move and copy.")
  private String from;

  @JsonPropertyDescription("Value written by set and addMetadata.")
  private JsonNode value;

  public OperationType getOp() {
    return op;
  }

  public void setOp(OperationType op) {
    this.op = op;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public JsonNode getValue() {
    return value;
  }

  public void setValue(JsonNode value) {
    this.value = value;
  }
}
