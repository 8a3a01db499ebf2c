package dev.bulwark.api.replay;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a file's partition key is read: a path segment or a field of its content. */
public enum PartitionKeySource {
  @JsonProperty("pathSegment")
  PATH_SEGMENT,
  @JsonProperty("field")
  FIELD;
}
