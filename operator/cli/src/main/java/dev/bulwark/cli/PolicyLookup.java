package dev.bulwark.cli;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.core.Environment;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.core.validation.ResourceValidator;
import dev.bulwark.core.validation.SpecProblem;
import dev.bulwark.core.validation.SpecProblems;
import dev.bulwark.manifests.ManifestDocument;
import dev.bulwark.manifests.ManifestReader;
import dev.bulwark.manifests.SourcePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds a BackupPolicy by name in the policies directory, as {@code bulwark run} would serve it
 * (relative source paths resolved against its file), refusing one that does not validate.
 */
final class PolicyLookup {
  private final Path policies;
  private final Environment environment;

  PolicyLookup(Path policies, Environment environment) {
    this.policies = policies;
    this.environment = environment;
  }

  /** The valid policy named {@code name}; a {@link UsageException} says why there is none. */
  BackupPolicy backupPolicy(String name) throws UsageException {
    if (!Files.isDirectory(policies)) {
      throw new UsageException(
          "policies directory "
              + policies
              + " does not exist (set --policies or BULWARK_POLICIES)");
    }
    List<ManifestDocument> documents = new ManifestReader().readAll(List.of(policies));
    Optional<ManifestDocument> found =
        documents.stream()
            .filter(d -> d.kind().filter("BackupPolicy"::equals).isPresent())
            .filter(d -> d.name().filter(name::equals).isPresent())
            .findFirst();
    if (found.isEmpty()) {
      List<String> known =
          documents.stream()
              .filter(d -> d.kind().filter("BackupPolicy"::equals).isPresent())
              .map(d -> d.name().orElse("?"))
              .toList();
      throw new UsageException(
          "no BackupPolicy named '"
              + name
              + "' in "
              + policies
              + " (found: "
              + (known.isEmpty() ? "none" : String.join(", ", known))
              + ")");
    }
    ManifestDocument document = found.get();
    if (document.hasErrors() || document.resource().isEmpty()) {
      throw new UsageException(
          document.location()
              + ": BackupPolicy/"
              + name
              + " does not parse; run `bulwark validate "
              + policies
              + "`");
    }
    BackupPolicy policy =
        SourcePaths.resolve((BackupPolicy) document.resource().get(), document.file());
    List<SpecProblem> problems =
        new ResourceValidator(environment).validate(policy, ResourceLookup.empty());
    if (SpecProblems.hasErrors(problems)) {
      throw new UsageException(
          document.location()
              + ": BackupPolicy/"
              + name
              + " is invalid: "
              + SpecProblems.summary(SpecProblems.errors(problems)));
    }
    return policy;
  }
}
