package dev.bulwark.engine.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.PackRef;
import java.util.List;

/**
 * One block of an index object: a run of consecutive rows in path order, self-contained (the packs
 * its entries name are listed in it, so a lookup needs no other block).
 *
 * @param packs id and key of every pack the block's entries name
 * @param entries the block's entries, in path order, exactly as the manifest records them
 * @param deleted an incremental's deletions (paths of the full that no longer exist) in the block's
 *     range, in path order; absent in a full's index
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"packs", "entries", "deleted"})
public record IndexBlock(
    @JsonProperty("packs") List<PackRef> packs,
    @JsonProperty("entries") List<FileEntry> entries,
    @JsonProperty("deleted") List<String> deleted) {

  /** The entries, never null. */
  public List<FileEntry> entriesOrEmpty() {
    return entries == null ? List.of() : entries;
  }

  /** The deletions, never null. */
  public List<String> deletedOrEmpty() {
    return deleted == null ? List.of() : deleted;
  }

  /** The packs, never null. */
  public List<PackRef> packsOrEmpty() {
    return packs == null ? List.of() : packs;
  }
}
