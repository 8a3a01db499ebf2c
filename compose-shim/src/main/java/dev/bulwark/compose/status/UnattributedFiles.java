package dev.bulwark.compose.status;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * {@code <state>/status/unattributed.json}: the files of the policies directory that no resource
 * can be read from (they do not parse, name no Bulwark kind, or have no valid name), so they have
 * no status file of their own. Each one blocks the release gate until it is fixed or removed. A
 * contract for CI like {@link StatusFile}: fields are only added within a {@code format_version}.
 *
 * <pre>{@code
 * {
 *   "format_version": 1,
 *   "updated_at": "2026-11-28T20:30:00Z",
 *   "files": [
 *     {"file": "binary.yaml", "reason": "DocumentUnreadable",
 *      "message": "binary.yaml:1: yaml: cannot be read: special characters are not allowed",
 *      "since": "2026-11-28T20:29:58Z", "problems": [...]}
 *   ]
 * }
 * }</pre>
 *
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param updatedAt RFC 3339 time this file was written
 * @param files one entry per unattributable file, by path
 */
@JsonPropertyOrder({"format_version", "updated_at", "files"})
public record UnattributedFiles(
    @JsonProperty("format_version") @JsonAlias("formatVersion") int formatVersion,
    @JsonProperty("updated_at") @JsonAlias("updatedAt") String updatedAt,
    List<Entry> files) {

  /** The format this Bulwark writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public UnattributedFiles {
    files = files == null ? List.of() : List.copyOf(files);
  }

  /**
   * One file no resource can be read from.
   *
   * @param file path relative to the policies directory
   * @param reason {@code DocumentUnreadable} (no YAML, no Bulwark kind or version) or {@code
   *     SpecInvalid} (a Bulwark document without a usable name)
   * @param message its first error, {@code file:line: field: why}
   * @param since when it was first seen in this state
   * @param problems every error of its unattributable documents, as {@code bulwark validate}
   *     reports them
   */
  @JsonPropertyOrder({"file", "reason", "message", "since", "problems"})
  public record Entry(
      String file, String reason, String message, String since, List<StatusFile.Problem> problems) {
    public Entry {
      Objects.requireNonNull(file, "file");
      problems = problems == null ? List.of() : List.copyOf(problems);
    }
  }
}
