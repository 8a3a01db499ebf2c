package dev.bulwark.core.migration;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An object a run could not migrate, restore or read, and why.
 *
 * @param path the object (domain/relative)
 * @param reason what went wrong
 */
public record ObjectFailure(
    @JsonProperty("path") String path, @JsonProperty("reason") String reason) {
  @Override
  public String toString() {
    return path + ": " + reason;
  }
}
