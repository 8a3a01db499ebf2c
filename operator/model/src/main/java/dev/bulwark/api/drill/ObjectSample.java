package dev.bulwark.api.drill;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What an L1 drill restores: N random objects per domain and/or path globs. */
public class ObjectSample {
  @JsonPropertyDescription("Random objects restored per data domain.")
  private Integer objectsPerDomain = 3;

  @JsonPropertyDescription("Path globs restored as well.")
  private List<String> paths;

  public Integer getObjectsPerDomain() {
    return objectsPerDomain;
  }

  public void setObjectsPerDomain(Integer objectsPerDomain) {
    this.objectsPerDomain = objectsPerDomain;
  }

  public List<String> getPaths() {
    return paths;
  }

  public void setPaths(List<String> paths) {
    this.paths = paths;
  }
}
