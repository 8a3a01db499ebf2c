package dev.bulwark.engine.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A node of an index object's table, a tree of fan-out at most {@value IndexWriter#FAN_OUT}: per
 * child (a block at level 1, a node of the level below otherwise), its first path, place and
 * SHA-256. The root (the object's last frame) also says who wrote the index; a lookup reads the
 * root, one node per level below it, and one block.
 *
 * @param indexVersion the index object version (root only)
 * @param jobId the snapshot the index belongs to (root only)
 * @param snapshotType full or incremental: an incremental's index holds its cumulative delta (root)
 * @param parentFull the cycle's full (incrementals' root)
 * @param bulwark the version of the bulwark that wrote it (root only)
 * @param level 1 when the children are blocks, n + 1 when they are nodes of level n
 * @param rows entries and deletions below this node
 * @param children the children, in path order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "index_version",
  "job_id",
  "snapshot_type",
  "parent_full",
  "bulwark",
  "level",
  "rows",
  "children"
})
public record IndexTable(
    @JsonProperty("index_version") Integer indexVersion,
    @JsonProperty("job_id") String jobId,
    @JsonProperty("snapshot_type") String snapshotType,
    @JsonProperty("parent_full") String parentFull,
    @JsonProperty("bulwark") String bulwark,
    @JsonProperty("level") int level,
    @JsonProperty("rows") long rows,
    @JsonProperty("children") List<Child> children) {

  /**
   * One child of a node: a block or a node of the level below.
   *
   * @param first the smallest path below it (in UTF-8 byte order), an entry's or a deletion's
   * @param offset byte offset of its frame in the object
   * @param length stored bytes of the frame
   * @param sha256 hex SHA-256 of the stored frame
   * @param rows entries and deletions below it
   */
  @JsonPropertyOrder({"first", "offset", "length", "sha256", "rows"})
  public record Child(
      @JsonProperty("first") String first,
      @JsonProperty("offset") long offset,
      @JsonProperty("length") long length,
      @JsonProperty("sha256") String sha256,
      @JsonProperty("rows") long rows) {}
}
