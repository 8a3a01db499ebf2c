package dev.bulwark.manifests.validate;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.Resource;
import dev.bulwark.core.Environment;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.core.validation.ResourceValidator;
import dev.bulwark.core.validation.SpecProblem;
import dev.bulwark.manifests.ManifestDocument;
import dev.bulwark.manifests.ManifestProblem;
import dev.bulwark.manifests.ManifestReader;
import dev.bulwark.manifests.ResourceKind;
import dev.bulwark.manifests.SourceLocation;
import dev.bulwark.manifests.SourcePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lints folders of manifests as {@code bulwark validate} does for CI: YAML syntax, binding (unknown
 * fields, wrong types, unknown values), the core's semantic checks, references between the
 * resources read (a RestoreDrill's policyRef resolves against the policies in the same roots) and
 * duplicate names (names are global in compose mode, so the second definition is the error).
 */
public final class DirectoryValidator {
  private final ManifestReader reader;
  private final ResourceValidator validator;

  /** A validator whose R12 defaults come from {@code environment}. */
  public DirectoryValidator(Environment environment) {
    this(new ManifestReader(), new ResourceValidator(environment));
  }

  DirectoryValidator(ManifestReader reader, ResourceValidator validator) {
    this.reader = reader;
    this.validator = validator;
  }

  /**
   * Validates every manifest under the roots (files or directories).
   *
   * @throws IllegalArgumentException when a root does not exist (a usage error, not a finding)
   */
  public ValidationReport validate(List<Path> roots) {
    List<ManifestDocument> documents =
        reader.readAll(roots).stream().filter(d -> !d.skipped()).toList();
    Map<ManifestDocument, Resource<?, ?>> resolved = new IdentityHashMap<>();
    for (ManifestDocument document : documents) {
      document
          .resource()
          .ifPresent(r -> resolved.put(document, SourcePaths.resolve(r, document.file())));
    }
    ResourceLookup lookup = lookupOver(documents, resolved);
    List<Finding> findings = new ArrayList<>();
    Map<String, ManifestDocument> firstByKey = new HashMap<>();
    for (int order = 0; order < documents.size(); order++) {
      ManifestDocument document = documents.get(order);
      for (ManifestProblem problem : document.problems()) {
        findings.add(
            new Finding(
                order,
                document,
                problem.line(),
                problem.field(),
                problem.message(),
                problem.isError()));
      }
      Resource<?, ?> resource = resolved.get(document);
      if (resource != null) {
        for (SpecProblem problem : validator.validate(resource, lookup)) {
          findings.add(
              new Finding(
                  order,
                  document,
                  document.locator().line(problem.field()),
                  problem.field(),
                  problem.message(),
                  problem.isError()));
        }
      }
      if (document.kind().isPresent() && document.name().isPresent()) {
        String key = document.kind().get() + "/" + document.name().get();
        ManifestDocument first = firstByKey.putIfAbsent(key, document);
        if (first != null) {
          findings.add(
              new Finding(
                  order,
                  document,
                  document.locator().line("metadata.name"),
                  "metadata.name",
                  "duplicate: "
                      + key
                      + " is already defined at "
                      + first.location()
                      + " (names are global in compose mode)",
                  true));
        }
      }
    }
    findings.sort(Comparator.comparingInt(Finding::order).thenComparingInt(Finding::line));
    List<String> lines = findings.stream().map(Finding::format).toList();
    int errors = (int) findings.stream().filter(Finding::error).count();
    return new ValidationReport(
        lines,
        findings.stream().map(Finding::toFinding).toList(),
        errors,
        findings.size() - errors,
        documents.size());
  }

  private static ResourceLookup lookupOver(
      List<ManifestDocument> documents, Map<ManifestDocument, Resource<?, ?>> resolved) {
    Map<String, BackupPolicy> policies = new HashMap<>();
    for (ManifestDocument document : documents) {
      if (resolved.get(document) instanceof BackupPolicy policy) {
        policies.putIfAbsent(policy.getRef().name(), policy);
      }
    }
    return (namespace, name) -> Optional.ofNullable(policies.get(name));
  }

  /** One finding, with the position of its document so the report keeps file order. */
  private record Finding(
      int order, ManifestDocument document, int line, String field, String message, boolean error) {

    String format() {
      return new SourceLocation(document.file(), line)
          + ": "
          + (error ? "" : "warning: ")
          + document.label()
          + ": "
          + field
          + ": "
          + message;
    }

    ValidationFinding toFinding() {
      boolean known = document.kind().flatMap(ResourceKind::of).isPresent();
      return new ValidationFinding(
          SourceLocation.displayPath(document.file()),
          line,
          error ? "error" : "warning",
          known ? document.kind().get() : null,
          known ? document.name().orElse(null) : null,
          field,
          message);
    }
  }
}
