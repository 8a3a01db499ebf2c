package dev.bulwark.core.replay;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What a new analyzer version changed in one partition compared with an earlier one: files added,
 * removed and changed, and for JSON and CSV files the values that changed.
 *
 * @param plan the ReplayPlan
 * @param partition the partition key
 * @param oldVersion the earlier analyzer version (compareWith)
 * @param newVersion the new analyzer version
 * @param oldOutputs the earlier version's published folder
 * @param newOutputs the new version's published folder
 * @param oldPresent whether the earlier version has outputs for the partition at all
 * @param added files only the new version has
 * @param removed files only the earlier version has
 * @param unchanged files with equal bytes
 * @param changed files whose bytes differ, with a summary of value changes
 * @param comparedAt when the comparison was made
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ComparisonReport(
    @JsonProperty("plan") String plan,
    @JsonProperty("partition") String partition,
    @JsonProperty("old_version") String oldVersion,
    @JsonProperty("new_version") String newVersion,
    @JsonProperty("old_outputs") String oldOutputs,
    @JsonProperty("new_outputs") String newOutputs,
    @JsonProperty("old_present") boolean oldPresent,
    @JsonProperty("added") List<String> added,
    @JsonProperty("removed") List<String> removed,
    @JsonProperty("unchanged") int unchanged,
    @JsonProperty("changed") List<FileChange> changed,
    @JsonProperty("compared_at") Instant comparedAt) {

  /**
   * One file whose bytes differ between the versions.
   *
   * @param path the file, relative to the partition folder
   * @param format json, csv or bytes
   * @param valuesChanged how many values differ (JSON leaves, CSV cells); null for bytes
   * @param rowsAdded CSV rows (by first column) only the new version has; null otherwise
   * @param rowsRemoved CSV rows only the earlier version has; null otherwise
   * @param samples the first value changes as {@code where: old -> new}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FileChange(
      @JsonProperty("path") String path,
      @JsonProperty("format") String format,
      @JsonProperty("values_changed") Integer valuesChanged,
      @JsonProperty("rows_added") Integer rowsAdded,
      @JsonProperty("rows_removed") Integer rowsRemoved,
      @JsonProperty("samples") List<String> samples) {}
}
