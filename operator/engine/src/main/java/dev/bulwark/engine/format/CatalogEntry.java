package dev.bulwark.engine.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of a catalog entry: a snapshot's summary plus the SHA-256 of its manifest, so a manifest
 * changed after the commit is detected before it is trusted, and a copy of the manifest's {@code
 * index} field, so a lookup of one path reads the index without the manifest.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogEntry(
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("job_id") String jobId,
    @JsonProperty("policy") String policy,
    @JsonProperty("snapshot_type") SnapshotType snapshotType,
    @JsonProperty("parent_full") String parentFull,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("finished_at") String finishedAt,
    @JsonProperty("labels") List<String> labels,
    @JsonProperty("manifest_key") String manifestKey,
    @JsonProperty("manifest_sha256") String manifestSha256,
    @JsonProperty("files") long files,
    @JsonProperty("bytes") long bytes,
    @JsonProperty("index") IndexRef index) {

  /** A catalog entry without a seekable index (as written before the index existed). */
  public CatalogEntry(
      int formatVersion,
      String jobId,
      String policy,
      SnapshotType snapshotType,
      String parentFull,
      String startedAt,
      String finishedAt,
      List<String> labels,
      String manifestKey,
      String manifestSha256,
      long files,
      long bytes) {
    this(
        formatVersion,
        jobId,
        policy,
        snapshotType,
        parentFull,
        startedAt,
        finishedAt,
        labels,
        manifestKey,
        manifestSha256,
        files,
        bytes,
        null);
  }

  /**
   * The catalog entry of a committed snapshot: every field but the hash is a copy of the
   * manifest's, so verify can check an entry field by field against the manifest it hashes.
   */
  public static CatalogEntry of(Manifest manifest, String manifestKey, String manifestSha256) {
    return new CatalogEntry(
        FormatVersion.CURRENT,
        manifest.jobId(),
        manifest.policy(),
        manifest.snapshotType(),
        manifest.parentFull(),
        manifest.startedAt(),
        manifest.finishedAt(),
        manifest.labels(),
        manifestKey,
        manifestSha256,
        manifest.stats().files(),
        manifest.stats().bytes(),
        manifest.ownIndex().orElse(null));
  }
}
