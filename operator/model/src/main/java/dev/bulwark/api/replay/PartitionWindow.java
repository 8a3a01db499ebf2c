package dev.bulwark.api.replay;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An inclusive range of partition keys (days, yyyy-MM-dd). */
public class PartitionWindow {
  @JsonPropertyDescription("First partition, yyyy-MM-dd.")
  private String start;

  @JsonPropertyDescription("Last partition, yyyy-MM-dd.")
  private String end;

  public String getStart() {
    return start;
  }

  public void setStart(String start) {
    this.start = start;
  }

  public String getEnd() {
    return end;
  }

  public void setEnd(String end) {
    this.end = end;
  }
}
