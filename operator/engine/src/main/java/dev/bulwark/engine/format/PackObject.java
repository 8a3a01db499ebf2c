package dev.bulwark.engine.format;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An entry of a manifest's {@code object_list}: one object (pack) the job wrote.
 *
 * @param path the object key
 * @param size the object's size in bytes
 * @param hash {@code sha256:<hex>} of the object's bytes as stored
 * @param domain data domain of the files in the pack
 */
public record PackObject(
    @JsonProperty("path") String path,
    @JsonProperty("size") long size,
    @JsonProperty("hash") String hash,
    @JsonProperty("domain") String domain) {

  /** The hex SHA-256 without the {@code sha256:} prefix. */
  public String sha256() {
    return hash.startsWith("sha256:") ? hash.substring(7) : hash;
  }
}
