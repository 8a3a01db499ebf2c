package dev.bulwark.api.replay;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How inputs fall into partitions and which partitions a plan covers. */
public class ReplayPartitioning {
  @JsonPropertyDescription("Where a file's partition key comes from.")
  private PartitionKeySource by = PartitionKeySource.PATH_SEGMENT;

  @JsonPropertyDescription(
      "Path segment (0 = first below root) holding the key, for by: pathSegment.")
  private Integer segment = 0;

  @JsonPropertyDescription("Top-level JSON field or CSV column holding the key, for by: field.")
  private String field;

  @JsonPropertyDescription("Key format: daily is yyyy-MM-dd.")
  private PartitionFormat format = PartitionFormat.DAILY;

  private PartitionWindow window;

  public PartitionKeySource getBy() {
    return by;
  }

  public void setBy(PartitionKeySource by) {
    this.by = by;
  }

  public Integer getSegment() {
    return segment;
  }

  public void setSegment(Integer segment) {
    this.segment = segment;
  }

  public String getField() {
    return field;
  }

  public void setField(String field) {
    this.field = field;
  }

  public PartitionFormat getFormat() {
    return format;
  }

  public void setFormat(PartitionFormat format) {
    this.format = format;
  }

  public PartitionWindow getWindow() {
    return window;
  }

  public void setWindow(PartitionWindow window) {
    this.window = window;
  }
}
