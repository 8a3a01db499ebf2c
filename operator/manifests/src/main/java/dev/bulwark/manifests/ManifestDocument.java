package dev.bulwark.manifests;

import dev.bulwark.api.common.Resource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One YAML document of a manifest file, as read: where it is, what it declares, the resource it
 * binds to (only when it has no errors) and every problem found, each at its own line.
 *
 * @param file the file, as reached from the root given to the reader
 * @param index 1-based position of the document in its file
 * @param line 1-based line where the document's content starts
 * @param outcome whether the document is a resource, an invalid one, unreadable YAML or not
 *     Bulwark's
 * @param kind the declared kind, when present
 * @param name {@code metadata.name}, when present
 * @param resource the bound resource; present exactly when {@link Outcome#RESOURCE}
 * @param problems errors and warnings, in the order found
 * @param locator maps field paths of this document to lines
 * @param specDigest SHA-256 of the spec as written (key order ignored); empty when unreadable
 * @param contentDigest SHA-256 of the whole document as written; empty when unreadable
 */
public record ManifestDocument(
    Path file,
    int index,
    int line,
    Outcome outcome,
    Optional<String> kind,
    Optional<String> name,
    Optional<Resource<?, ?>> resource,
    List<ManifestProblem> problems,
    FieldLocator locator,
    String specDigest,
    String contentDigest) {

  /** What a document turned out to be. */
  public enum Outcome {
    /** A Bulwark resource without errors (warnings allowed). */
    RESOURCE,
    /** A Bulwark document with errors (bad field, unknown kind, missing name...). */
    INVALID,
    /** YAML that does not parse (or a file that cannot be read): the whole file is suspect. */
    UNREADABLE,
    /** Valid YAML that is not a Bulwark resource (another apiVersion, a compose file, ...). */
    SKIPPED
  }

  public ManifestDocument {
    problems = List.copyOf(problems);
  }

  /** True for documents that are not Bulwark's and were left alone. */
  public boolean skipped() {
    return outcome == Outcome.SKIPPED;
  }

  /** True when any problem is an error. */
  public boolean hasErrors() {
    return problems.stream().anyMatch(ManifestProblem::isError);
  }

  /** {@code Kind/name} when known (e.g. {@code BackupPolicy/demo}), else {@code document N}. */
  public String label() {
    if (kind.isPresent() && ResourceKind.of(kind.get()).isPresent()) {
      return kind.get() + "/" + name.orElse("<no name>");
    }
    return "document " + index;
  }

  /** Where the document starts, for messages. */
  public SourceLocation location() {
    return new SourceLocation(file, line);
  }

  /** Where a field of this document is written, for messages. */
  public SourceLocation location(String fieldPath) {
    return new SourceLocation(file, locator.line(fieldPath));
  }
}
