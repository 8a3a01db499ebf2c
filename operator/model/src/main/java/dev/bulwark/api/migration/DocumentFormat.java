package dev.bulwark.api.migration;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How migrated objects are encoded. */
public enum DocumentFormat {
  @JsonProperty("json")
  JSON,
  @JsonProperty("yaml")
  YAML;
}
