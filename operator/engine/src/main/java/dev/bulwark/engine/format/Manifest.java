package dev.bulwark.engine.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * {@code backup_manifest.json}: the commit record of one snapshot (docs/format.md, "Manifest").
 *
 * <p>A full manifest lists every entry of the snapshot in {@code files}. An incremental manifest
 * lists the cumulative delta against its cycle's full: the entries that differ from the full's (new
 * or changed since the full, wherever their bytes live) and, in {@code deleted}, the full's paths
 * that no longer exist. Any snapshot is therefore read with at most two manifests.
 *
 * <p>{@code streams} (full and incremental manifests alike) lists every byte stream of the
 * snapshot, such as a database dump, whose bytes are stored as ordered part files (docs/format.md,
 * "Streams"); absent when the snapshot has none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "format_version",
  "job_id",
  "policy",
  "env",
  "target_provider",
  "snapshot_type",
  "parent_full",
  "parent",
  "started_at",
  "finished_at",
  "labels",
  "schema_versions",
  "restore_entrypoint",
  "tool_versions",
  "compression",
  "encryption",
  "sources",
  "stats",
  "object_list",
  "packs",
  "streams",
  "index",
  "deleted",
  "files"
})
public record Manifest(
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("job_id") String jobId,
    @JsonProperty("policy") String policy,
    @JsonProperty("env") String env,
    @JsonProperty("target_provider") String targetProvider,
    @JsonProperty("snapshot_type") SnapshotType snapshotType,
    @JsonProperty("parent_full") String parentFull,
    @JsonProperty("parent") String parent,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("finished_at") String finishedAt,
    @JsonProperty("labels") List<String> labels,
    @JsonProperty("schema_versions") Map<String, String> schemaVersions,
    @JsonProperty("restore_entrypoint") String restoreEntrypoint,
    @JsonProperty("tool_versions") Map<String, String> toolVersions,
    @JsonProperty("compression") Compression compression,
    @JsonProperty("encryption") Encryption encryption,
    @JsonProperty("sources") List<SourceRecord> sources,
    @JsonProperty("stats") Stats stats,
    @JsonProperty("object_list") List<PackObject> objectList,
    @JsonProperty("packs") List<PackRef> packs,
    @JsonProperty("deleted") List<String> deleted,
    @JsonProperty("files") List<FileEntry> files,
    @JsonProperty("streams") List<StreamRecord> streams,
    @JsonProperty("index") IndexRef index) {

  /** A manifest without a seekable index (as written before the index existed). */
  public Manifest(
      int formatVersion,
      String jobId,
      String policy,
      String env,
      String targetProvider,
      SnapshotType snapshotType,
      String parentFull,
      String parent,
      String startedAt,
      String finishedAt,
      List<String> labels,
      Map<String, String> schemaVersions,
      String restoreEntrypoint,
      Map<String, String> toolVersions,
      Compression compression,
      Encryption encryption,
      List<SourceRecord> sources,
      Stats stats,
      List<PackObject> objectList,
      List<PackRef> packs,
      List<String> deleted,
      List<FileEntry> files,
      List<StreamRecord> streams) {
    this(
        formatVersion,
        jobId,
        policy,
        env,
        targetProvider,
        snapshotType,
        parentFull,
        parent,
        startedAt,
        finishedAt,
        labels,
        schemaVersions,
        restoreEntrypoint,
        toolVersions,
        compression,
        encryption,
        sources,
        stats,
        objectList,
        packs,
        deleted,
        files,
        streams,
        null);
  }

  /** A manifest without streams (the shape of every snapshot of directories only). */
  public Manifest(
      int formatVersion,
      String jobId,
      String policy,
      String env,
      String targetProvider,
      SnapshotType snapshotType,
      String parentFull,
      String parent,
      String startedAt,
      String finishedAt,
      List<String> labels,
      Map<String, String> schemaVersions,
      String restoreEntrypoint,
      Map<String, String> toolVersions,
      Compression compression,
      Encryption encryption,
      List<SourceRecord> sources,
      Stats stats,
      List<PackObject> objectList,
      List<PackRef> packs,
      List<String> deleted,
      List<FileEntry> files) {
    this(
        formatVersion,
        jobId,
        policy,
        env,
        targetProvider,
        snapshotType,
        parentFull,
        parent,
        startedAt,
        finishedAt,
        labels,
        schemaVersions,
        restoreEntrypoint,
        toolVersions,
        compression,
        encryption,
        sources,
        stats,
        objectList,
        packs,
        deleted,
        files,
        (List<StreamRecord>) null);
  }

  /** This manifest naming {@code ref} as its seekable index. */
  public Manifest withIndex(IndexRef ref) {
    return new Manifest(
        formatVersion,
        jobId,
        policy,
        env,
        targetProvider,
        snapshotType,
        parentFull,
        parent,
        startedAt,
        finishedAt,
        labels,
        schemaVersions,
        restoreEntrypoint,
        toolVersions,
        compression,
        encryption,
        sources,
        stats,
        objectList,
        packs,
        deleted,
        files,
        streams,
        ref);
  }

  /** The seekable index of this snapshot, when it has one of its own (docs/format.md). */
  public java.util.Optional<IndexRef> ownIndex() {
    return index != null && index.belongsTo(jobId)
        ? java.util.Optional.of(index)
        : java.util.Optional.empty();
  }

  /**
   * A byte stream of unknown length taken whole by the job (e.g. pg_dump's output), stored as
   * ordered part files of the same snapshot.
   *
   * @param path archive path of the reassembled stream, {@code <domain>/<name>}
   * @param domain data domain
   * @param priority priority of the source
   * @param source what produced it, for humans (never a credential)
   * @param size total bytes
   * @param sha256 hex SHA-256 of the whole stream
   * @param parts archive paths of the part files, in stream order
   */
  public record StreamRecord(
      @JsonProperty("path") String path,
      @JsonProperty("domain") String domain,
      @JsonProperty("priority") SourcePriority priority,
      @JsonProperty("source") String source,
      @JsonProperty("size") long size,
      @JsonProperty("sha256") String sha256,
      @JsonProperty("parts") List<String> parts) {}

  /** The streams of this snapshot; empty when it has none. */
  public List<StreamRecord> streamsOrEmpty() {
    return streams == null ? List.of() : streams;
  }

  /** How frames are compressed. */
  public record Compression(
      @JsonProperty("algorithm") String algorithm, @JsonProperty("level") int level) {}

  /**
   * How frames are sealed.
   *
   * @param algorithm always AES-256-GCM
   * @param keyId fingerprint of the key (HMAC-SHA256 of a constant), to name a wrong key clearly
   */
  public record Encryption(
      @JsonProperty("algorithm") String algorithm, @JsonProperty("key_id") String keyId) {}

  /** A source as the job saw it. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record SourceRecord(
      @JsonProperty("path") String path,
      @JsonProperty("archive_path") String archivePath,
      @JsonProperty("domain") String domain,
      @JsonProperty("priority") SourcePriority priority,
      @JsonProperty("include") List<String> include,
      @JsonProperty("exclude") List<String> exclude) {}

  /** Counts for humans and dashboards. */
  public record Stats(
      @JsonProperty("files") long files,
      @JsonProperty("directories") long directories,
      @JsonProperty("symlinks") long symlinks,
      @JsonProperty("bytes") long bytes,
      @JsonProperty("files_read") long filesRead,
      @JsonProperty("bytes_read") long bytesRead,
      @JsonProperty("bytes_uploaded") long bytesUploaded,
      @JsonProperty("unstable_files") long unstableFiles) {}

  /** Whether the manifest is a full snapshot's. */
  public boolean isFull() {
    return snapshotType == SnapshotType.FULL;
  }
}
