package dev.bulwark.compose.status;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * The status envelope compose mode writes for each resource: which resource, where it is declared,
 * whether it still exists, and its status exactly as Kubernetes would store it. A contract for CI:
 * fields are only ever added within a {@code format_version}; readers refuse versions they do not
 * know. Bulwark's own fields are snake_case; {@code apiVersion}, {@code metadata} and {@code
 * status} are the Kubernetes object's and keep its camelCase. Files written before that rule (with
 * {@code formatVersion}, {@code updatedAt}, {@code specDigest}) read the same.
 *
 * <pre>{@code
 * {
 *   "format_version": 1,
 *   "apiVersion": "bulwark.dev/v1alpha1",
 *   "kind": "BackupPolicy",
 *   "metadata": {"name": "demo", "generation": 2},
 *   "source": {"file": "demo.yaml", "line": 5, "spec_digest": "sha256:..."},
 *   "deleted": false,
 *   "updated_at": "2026-11-28T20:30:00Z",
 *   "problems": [],
 *   "status": {"observedGeneration": 2, "conditions": [...], ...}
 * }
 * }</pre>
 *
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param apiVersion the resource's apiVersion
 * @param kind the resource's kind
 * @param metadata name and generation (compose mode counts spec changes, starting at 1)
 * @param source where the resource is (or last was) declared
 * @param deleted true once the declaration is gone; the file stays as a record
 * @param updatedAt RFC 3339 time this file was written
 * @param problems manifest problems of the declaration (syntax, binding, duplicates), as validate
 *     reports them; the spec's own findings are in the status conditions
 * @param status the status object, nulls omitted, as the Kubernetes API server would store it
 */
@JsonPropertyOrder({
  "format_version",
  "apiVersion",
  "kind",
  "metadata",
  "source",
  "deleted",
  "updated_at",
  "problems",
  "status"
})
public record StatusFile(
    @JsonProperty("format_version") @JsonAlias("formatVersion") int formatVersion,
    String apiVersion,
    String kind,
    Metadata metadata,
    Source source,
    boolean deleted,
    @JsonProperty("updated_at") @JsonAlias("updatedAt") String updatedAt,
    List<Problem> problems,
    ObjectNode status) {

  /** The envelope format this Bulwark writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public StatusFile {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(metadata, "metadata");
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  /** The resource's name. */
  public String name() {
    return metadata.name();
  }

  /**
   * Name and generation of the resource.
   *
   * @param name metadata.name
   * @param generation 1 for a new resource, +1 on every change of its spec
   */
  public record Metadata(String name, long generation) {}

  /**
   * Where the resource is declared.
   *
   * @param file path relative to the watched policies directory
   * @param line 1-based line where the document starts
   * @param specDigest SHA-256 of the spec as written, to tell on restart whether it changed
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Source(
      String file,
      int line,
      @JsonProperty("spec_digest") @JsonAlias("specDigest") String specDigest) {}

  /**
   * A manifest problem of the declaration.
   *
   * @param severity {@code error} or {@code warning}
   * @param file path relative to the watched policies directory
   * @param line 1-based line of the offending field
   * @param field field path, e.g. {@code spec.target}
   * @param message why
   */
  public record Problem(String severity, String file, int line, String field, String message) {}
}
