package dev.bulwark.engine.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The table frame of an index object: who wrote it and, per block, its first path, place and
 * SHA-256. A lookup reads this frame whole, then only the block whose range holds the path.
 *
 * @param indexVersion the index object version
 * @param jobId the snapshot the index belongs to
 * @param snapshotType full or incremental (an incremental's index holds its cumulative delta)
 * @param parentFull the cycle's full (incrementals)
 * @param bulwark the version of the bulwark that wrote it
 * @param rows entries and deletions in all blocks
 * @param blocks the blocks, in path order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "index_version",
  "job_id",
  "snapshot_type",
  "parent_full",
  "bulwark",
  "rows",
  "blocks"
})
public record IndexTable(
    @JsonProperty("index_version") int indexVersion,
    @JsonProperty("job_id") String jobId,
    @JsonProperty("snapshot_type") String snapshotType,
    @JsonProperty("parent_full") String parentFull,
    @JsonProperty("bulwark") String bulwark,
    @JsonProperty("rows") long rows,
    @JsonProperty("blocks") List<Block> blocks) {

  /**
   * One block of the index.
   *
   * @param first the smallest path of the block (in UTF-8 byte order), an entry's or a deletion's
   * @param offset byte offset of the block's frame in the object
   * @param length stored bytes of the frame
   * @param sha256 hex SHA-256 of the stored frame
   * @param rows entries and deletions in the block
   */
  @JsonPropertyOrder({"first", "offset", "length", "sha256", "rows"})
  public record Block(
      @JsonProperty("first") String first,
      @JsonProperty("offset") long offset,
      @JsonProperty("length") long length,
      @JsonProperty("sha256") String sha256,
      @JsonProperty("rows") int rows) {}
}
