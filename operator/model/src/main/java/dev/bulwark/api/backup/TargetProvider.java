package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The storage a job writes to; exactly one per job. */
public enum TargetProvider {
  @JsonProperty("local")
  LOCAL,
  @JsonProperty("s3")
  S3,
  @JsonProperty("oss")
  OSS;
}
