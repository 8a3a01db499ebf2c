package dev.bulwark.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Where a secret comes from: an environment variable, a file, or a key of a Kubernetes Secret; the
 * value itself never appears in a resource.
 */
public class SecretRef {
  @JsonPropertyDescription("Name of the environment variable that holds the secret.")
  private String env;

  @JsonPropertyDescription(
      "Path of a file whose content is the secret (e.g. a mounted Kubernetes Secret).")
  private String file;

  @JsonPropertyDescription(
      "A key of a Kubernetes Secret in the resource's namespace, read by `bulwark operator` through the API.")
  private SecretKeyRef secret;

  public String getEnv() {
    return env;
  }

  public void setEnv(String env) {
    this.env = env;
  }

  public String getFile() {
    return file;
  }

  public void setFile(String file) {
    this.file = file;
  }

  public SecretKeyRef getSecret() {
    return secret;
  }

  public void setSecret(SecretKeyRef secret) {
    this.secret = secret;
  }
}
