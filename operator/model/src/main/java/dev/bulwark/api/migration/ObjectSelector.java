package dev.bulwark.api.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Which objects a migration touches. */
public class ObjectSelector {
  @JsonPropertyDescription(
      "Globs matched against <source domain>/<path below the source>, e.g. student_profiles/*.json.")
  private List<String> paths;

  private DocumentFormat format = DocumentFormat.JSON;

  @JsonPropertyDescription("Field holding the object version.")
  private String versionField = "schema_version";

  @JsonPropertyDescription(
      "Version assumed for objects without the version field; unset: they are reported, not migrated.")
  private Integer missingVersion;

  public List<String> getPaths() {
    return paths;
  }

  public void setPaths(List<String> paths) {
    this.paths = paths;
  }

  public DocumentFormat getFormat() {
    return format;
  }

  public void setFormat(DocumentFormat format) {
    this.format = format;
  }

  public String getVersionField() {
    return versionField;
  }

  public void setVersionField(String versionField) {
    this.versionField = versionField;
  }

  public Integer getMissingVersion() {
    return missingVersion;
  }

  public void setMissingVersion(Integer missingVersion) {
    this.missingVersion = missingVersion;
  }
}
