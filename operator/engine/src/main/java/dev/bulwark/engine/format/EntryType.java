package dev.bulwark.engine.format;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kind of a file-system entry recorded in a manifest. */
public enum EntryType {
  @JsonProperty("file")
  FILE,
  @JsonProperty("dir")
  DIRECTORY,
  @JsonProperty("symlink")
  SYMLINK
}
