package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * One thing to back up: a directory, a database or (on Kubernetes) a PersistentVolumeClaim, tagged
 * with a data domain and a priority.
 */
public class Source {
  @JsonPropertyDescription(
      "Directory to back up; relative paths resolve against the policy file folder (compose mode).")
  private String path;

  @JsonPropertyDescription("A database to dump instead of a directory.")
  private PostgresSource postgres;

  @JsonPropertyDescription(
      "A PersistentVolumeClaim of the policy's namespace (Kubernetes only): each backup runs as a Job"
          + " whose pod mounts it read-only.")
  private ClaimSource persistentVolumeClaim;

  @JsonPropertyDescription("Data domain, e.g. raw, derived, serving, student_profiles.")
  private String domain;

  @JsonPropertyDescription("P0 is backed up first.")
  private Priority priority = Priority.P1;

  @JsonPropertyDescription(
      "Glob patterns relative to path; when set only matching files are taken.")
  private List<String> include;

  @JsonPropertyDescription("Glob patterns relative to path that are skipped.")
  private List<String> exclude;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public PostgresSource getPostgres() {
    return postgres;
  }

  public void setPostgres(PostgresSource postgres) {
    this.postgres = postgres;
  }

  public ClaimSource getPersistentVolumeClaim() {
    return persistentVolumeClaim;
  }

  public void setPersistentVolumeClaim(ClaimSource persistentVolumeClaim) {
    this.persistentVolumeClaim = persistentVolumeClaim;
  }

  public String getDomain() {
    return domain;
  }

  public void setDomain(String domain) {
    this.domain = domain;
  }

  public Priority getPriority() {
    return priority;
  }

  public void setPriority(Priority priority) {
    this.priority = priority;
  }

  public List<String> getInclude() {
    return include;
  }

  public void setInclude(List<String> include) {
    this.include = include;
  }

  public List<String> getExclude() {
    return exclude;
  }

  public void setExclude(List<String> exclude) {
    this.exclude = exclude;
  }
}
