package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Settings of an Aliyun OSS target; credentials come from the environment, never from here. */
public class OssTargetSettings {
  @JsonPropertyDescription("Bucket name; falls back to OSS_BUCKET.")
  private String bucket;

  @JsonPropertyDescription(
      "Endpoint, e.g. https://oss-cn-hangzhou.aliyuncs.com; falls back to OSS_ENDPOINT.")
  private String endpoint;

  @JsonPropertyDescription("Key prefix inside the bucket.")
  private String prefix;

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }
}
