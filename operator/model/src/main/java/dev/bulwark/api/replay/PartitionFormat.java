package dev.bulwark.api.replay;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The format of partition keys. */
public enum PartitionFormat {
  @JsonProperty("daily")
  DAILY;
}
