package dev.bulwark.engine.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A manifest's (and its catalog entry's) {@code index} field: where the snapshot's seekable index
 * object lies and the hashes that authenticate it (docs/format.md, "Seekable index").
 *
 * @param version the index object's version ({@value #CURRENT})
 * @param key the index object's key, inside the snapshot's job directory
 * @param size the object's size in bytes
 * @param sha256 hex SHA-256 of the whole object as stored (verify reads it all)
 * @param tableOffset byte offset of the table frame (the object's last frame)
 * @param tableLength stored bytes of the table frame
 * @param tableSha256 hex SHA-256 of the stored table frame (a lookup reads only the table and the
 *     blocks it needs; the table holds each block's SHA-256)
 * @param entries how many rows (entries and deletions) the index holds
 * @param keyId the key id of the encryption key its frames are sealed with; absent when unsealed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "version",
  "key",
  "size",
  "sha256",
  "table_offset",
  "table_length",
  "table_sha256",
  "entries",
  "key_id"
})
public record IndexRef(
    @JsonProperty("version") int version,
    @JsonProperty("key") String key,
    @JsonProperty("size") long size,
    @JsonProperty("sha256") String sha256,
    @JsonProperty("table_offset") long tableOffset,
    @JsonProperty("table_length") long tableLength,
    @JsonProperty("table_sha256") String tableSha256,
    @JsonProperty("entries") long entries,
    @JsonProperty("key_id") String keyId) {

  /** The index object version this engine writes and reads. */
  public static final int CURRENT = 1;

  /** Whether this index is the one of job {@code jobId}: it lies in that job's directory. */
  public boolean belongsTo(String jobId) {
    return key != null && key.contains("/" + jobId + "/");
  }
}
