package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Limits on how hard a job may push the network, so backups do not disturb live traffic (R10). */
public class Throttle {
  @JsonPropertyDescription(
      "Upload bandwidth limit in bytes per second, across the job's upload threads; unset: unlimited.")
  private Long uploadBytesPerSecond;

  @JsonPropertyDescription(
      "At most this many uploads in flight at once; unset: one per packing thread.")
  private Integer maxConcurrentUploads;

  public Long getUploadBytesPerSecond() {
    return uploadBytesPerSecond;
  }

  public void setUploadBytesPerSecond(Long uploadBytesPerSecond) {
    this.uploadBytesPerSecond = uploadBytesPerSecond;
  }

  public Integer getMaxConcurrentUploads() {
    return maxConcurrentUploads;
  }

  public void setMaxConcurrentUploads(Integer maxConcurrentUploads) {
    this.maxConcurrentUploads = maxConcurrentUploads;
  }
}
