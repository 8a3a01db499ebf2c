package dev.bulwark.engine.format;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a snapshot packs everything (full) or only what changed since its parent. */
public enum SnapshotType {
  @JsonProperty("full")
  FULL("full"),
  @JsonProperty("incremental")
  INCREMENTAL("incremental");

  private final String wireName;

  SnapshotType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in manifests, catalog keys and on the command line. */
  public String wireName() {
    return wireName;
  }

  /** Parses {@code full} or {@code incremental}. */
  public static SnapshotType fromWireName(String name) {
    for (SnapshotType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown snapshot type '" + name + "' (expected full or incremental)");
  }
}
