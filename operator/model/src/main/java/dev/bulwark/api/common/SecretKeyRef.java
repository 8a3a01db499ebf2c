package dev.bulwark.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One key of a Kubernetes Secret in the resource's own namespace. */
public class SecretKeyRef {
  @JsonPropertyDescription(
      "Name of the Secret, in the namespace of the resource that refers to it.")
  private String name;

  @JsonPropertyDescription("Key within the Secret's data.")
  private String key;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
