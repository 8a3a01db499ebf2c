package dev.bulwark.engine.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;

/**
 * One file, directory or symlink of a snapshot, with where its bytes live.
 *
 * @param path archive path: relative, '/'-separated, no "." or ".." segments
 * @param type file, dir or symlink
 * @param size file size in bytes (files only)
 * @param mode permission bits as 4 octal digits, e.g. "0644"
 * @param mtime modification time, ISO-8601 UTC with nanoseconds
 * @param inode inode number at backup time, for change detection
 * @param sha256 hex SHA-256 of the file's bytes (files only)
 * @param link symlink target, stored verbatim (symlinks only)
 * @param domain data domain of the source the entry came from
 * @param priority priority of that source
 * @param pack id of the pack holding the bytes (files only), resolved through the manifest's packs
 * @param offset byte offset in the pack of the first frame that holds the file's tar entry
 * @param length bytes of the pack, from offset, that hold every frame of the entry
 * @param skip decompressed bytes from the start of that first frame to the file's first data byte
 * @param unstable true when the file kept changing while it was read; the bytes stored are one
 *     consistent read and sha256 matches them
 * @param schemaVersion the {@code schema_version} the file declares (small JSON and YAML files
 *     only, found in their first bytes while they are read; see {@link SchemaVersions})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonSerialize(using = FileEntryCodec.Serializer.class)
@JsonDeserialize(using = FileEntryCodec.Deserializer.class)
public record FileEntry(
    @JsonProperty("path") String path,
    @JsonProperty("type") EntryType type,
    @JsonProperty("size") Long size,
    @JsonProperty("mode") String mode,
    @JsonProperty("mtime") String mtime,
    @JsonProperty("inode") Long inode,
    @JsonProperty("sha256") String sha256,
    @JsonProperty("link") String link,
    @JsonProperty("domain") String domain,
    @JsonProperty("priority") SourcePriority priority,
    @JsonProperty("pack") String pack,
    @JsonProperty("offset") Long offset,
    @JsonProperty("length") Long length,
    @JsonProperty("skip") Long skip,
    @JsonProperty("unstable") Boolean unstable,
    @JsonProperty("schema_version") String schemaVersion) {

  /** An entry that declares no schema version. */
  public FileEntry(
      String path,
      EntryType type,
      Long size,
      String mode,
      String mtime,
      Long inode,
      String sha256,
      String link,
      String domain,
      SourcePriority priority,
      String pack,
      Long offset,
      Long length,
      Long skip,
      Boolean unstable) {
    this(
        path, type, size, mode, mtime, inode, sha256, link, domain, priority, pack, offset, length,
        skip, unstable, null);
  }

  /** Size in bytes, 0 for directories and symlinks. */
  public long sizeOrZero() {
    return size == null ? 0 : size;
  }

  /** The permission bits as an int. */
  public int modeBits() {
    return mode == null ? 0 : Integer.parseInt(mode, 8);
  }

  /** The modification time as an instant. */
  public Instant mtimeInstant() {
    return Timestamps.parse(mtime);
  }

  /** Whether the file has bytes stored in a pack. */
  public boolean hasData() {
    return type == EntryType.FILE && pack != null;
  }

  private static final String[] MODES = new String[010000];

  static {
    for (int i = 0; i < MODES.length; i++) {
      MODES[i] = String.format("%04o", i);
    }
  }

  /** Formats permission bits as the manifest does ("0644"). */
  public static String formatMode(int bits) {
    return MODES[bits & 07777];
  }

  /** This entry with its content location replaced (used when content is deduplicated). */
  public FileEntry withLocation(String pack, long offset, long length, long skip) {
    return new FileEntry(
        path,
        type,
        size,
        mode,
        mtime,
        inode,
        sha256,
        link,
        domain,
        priority,
        pack,
        offset,
        length,
        skip,
        unstable,
        schemaVersion);
  }

  /** This entry, declaring {@code version} (null for none). */
  public FileEntry withSchemaVersion(String version) {
    return new FileEntry(
        path, type, size, mode, mtime, inode, sha256, link, domain, priority, pack, offset, length,
        skip, unstable, version);
  }
}
