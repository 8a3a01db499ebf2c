package dev.bulwark.api.migration;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Declarative document edits a migration step can make. */
public enum OperationType {
  @JsonProperty("set")
  SET,
  @JsonProperty("rename")
  RENAME,
  @JsonProperty("move")
  MOVE,
  @JsonProperty("remove")
  REMOVE,
  @JsonProperty("copy")
  COPY,
  @JsonProperty("addMetadata")
  ADD_METADATA;
}
