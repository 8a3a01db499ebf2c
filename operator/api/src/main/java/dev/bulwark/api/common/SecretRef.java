package dev.bulwark.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a secret comes from: an environment variable or a file; the value itself never appears in a resource. */
public class SecretRef {
  @JsonPropertyDescription("Name of the environment variable that holds the secret.")
  private String env;

  @JsonPropertyDescription("Path of a file whose content is the secret (e.g. a mounted Kubernetes Secret).")
  private String file;

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

}
