package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A PersistentVolumeClaim in the policy's namespace, backed up (on Kubernetes only) by a Job whose
 * pod mounts the claim read-only.
 */
public class ClaimSource {
  @JsonPropertyDescription("Name of the PersistentVolumeClaim, in the policy's namespace.")
  private String claimName;

  @JsonPropertyDescription(
      "A directory inside the volume to back up instead of the whole volume; relative, no '..'.")
  private String subPath;

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }

  public String getSubPath() {
    return subPath;
  }

  public void setSubPath(String subPath) {
    this.subPath = subPath;
  }
}
