package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Settings of an S3 or S3-compatible target; credentials come from the environment, never from
 * here.
 */
public class S3TargetSettings {
  @JsonPropertyDescription("Bucket name; falls back to S3_BUCKET.")
  private String bucket;

  @JsonPropertyDescription("Region; falls back to S3_REGION.")
  private String region;

  @JsonPropertyDescription("Custom endpoint for S3-compatible stores; falls back to S3_ENDPOINT.")
  private String endpoint;

  @JsonPropertyDescription("Path-style addressing (MinIO, Ceph, S3Proxy).")
  private Boolean pathStyle;

  @JsonPropertyDescription("Key prefix inside the bucket.")
  private String prefix;

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public Boolean getPathStyle() {
    return pathStyle;
  }

  public void setPathStyle(Boolean pathStyle) {
    this.pathStyle = pathStyle;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }
}
