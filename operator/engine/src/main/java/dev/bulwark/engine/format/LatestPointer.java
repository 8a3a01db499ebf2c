package dev.bulwark.engine.format;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code latest_<target>.json}: the newest successful job of a policy on one target. */
public record LatestPointer(
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("policy") String policy,
    @JsonProperty("env") String env,
    @JsonProperty("target_provider") String targetProvider,
    @JsonProperty("job_id") String jobId,
    @JsonProperty("snapshot_type") SnapshotType snapshotType,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("finished_at") String finishedAt,
    @JsonProperty("manifest_key") String manifestKey) {

  /** The pointer to the snapshot of {@code manifest} on target {@code targetProvider}. */
  public static LatestPointer of(Manifest manifest, String targetProvider, String manifestKey) {
    return new LatestPointer(
        FormatVersion.CURRENT,
        manifest.policy(),
        manifest.env(),
        targetProvider,
        manifest.jobId(),
        manifest.snapshotType(),
        manifest.startedAt(),
        manifest.finishedAt(),
        manifestKey);
  }
}
