package dev.bulwark.cli;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.drills.DrillObjectives;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.drills.DrillRunner;
import dev.bulwark.core.drills.RestoreAuditRecord;
import dev.bulwark.core.validation.RestoreDrillValidator;
import dev.bulwark.core.validation.SpecProblem;
import dev.bulwark.core.validation.SpecProblems;
import dev.bulwark.manifests.ManifestDocument;
import dev.bulwark.manifests.ManifestReader;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bulwark drill}: runs a RestoreDrill now, in the foreground, and prints its restore audit
 * record.
 */
@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    description = {
      "Run a RestoreDrill now and print its restore-audit record.",
      "It restores into a fresh sandbox from the repository alone, validates, measures the actual RPO",
      "and RTO, removes the sandbox (and scratch databases), records the run in the drill history and",
      "the restore audit, and prints the audit record as JSON on stdout.",
      "Exit 0 the drill succeeded, 1 it failed (the record says why and what to do), 2 usage errors."
    })
final class DrillCommand implements Callable<Integer> {
  @Option(
      names = "--drill",
      required = true,
      paramLabel = "NAME",
      description = "RestoreDrill name.")
  String drill;

  @Option(names = "--json", description = "Print the record indented (it is JSON either way).")
  boolean json;

  @Mixin StateOptions state;

  @Override
  public Integer call() throws Exception {
    Environment environment = Environment.system();
    RestoreDrill resource;
    BackupPolicy policy;
    try {
      resource = restoreDrill(environment);
      policy =
          new PolicyLookup(state.policies(), environment)
              .backupPolicy(resource.getSpec().getPolicyRef());
      List<SpecProblem> problems =
          new RestoreDrillValidator(environment)
              .validate(resource, (namespace, name) -> Optional.of(policy));
      if (SpecProblems.hasErrors(problems)) {
        throw new UsageException(
            "RestoreDrill/"
                + drill
                + " is invalid: "
                + SpecProblems.summary(SpecProblems.errors(problems)));
      }
    } catch (UsageException e) {
      System.err.println("bulwark drill: " + e.getMessage());
      return 2;
    }
    DrillRunner runner =
        DrillRunner.builder(
                new PolicyRepositories(
                    environment, TargetOpeners.all(state.state(), System.getenv())),
                environment,
                new StatePaths(state.state()))
            .build();
    DrillRecord record =
        runner.runNow(resource, policy, Optional.empty(), "manual", AuditEvent.cliActor());
    RestoreAuditRecord line = RestoreAuditRecord.of(record, DrillObjectives.of(resource.getSpec()));
    System.out.println(
        json
            ? CliJson.write(line)
            : CliJson.MAPPER
                .writer()
                .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(line));
    if (record.succeeded()) {
      System.err.printf(
          "drill %s run %s succeeded: snapshot %s, %d objects; %s%n",
          drill,
          record.runId(),
          record.snapshotJobId(),
          record.objects(),
          DrillObjectives.of(resource.getSpec())
              .describe(record.actualRpoSeconds(), record.actualRtoSeconds()));
      return 0;
    }
    System.err.println(
        "drill " + drill + " run " + record.runId() + " failed: " + record.failureReason());
    if (record.remediation() != null) {
      System.err.println("remediation: " + record.remediation());
    }
    return 1;
  }

  /** The RestoreDrill named {@code --drill} in the policies directory. */
  private RestoreDrill restoreDrill(Environment environment) throws UsageException {
    if (!Files.isDirectory(state.policies())) {
      throw new UsageException(
          "policies directory "
              + state.policies()
              + " does not exist (set --policies or BULWARK_POLICIES)");
    }
    List<ManifestDocument> documents = new ManifestReader().readAll(List.of(state.policies()));
    List<ManifestDocument> drills =
        documents.stream()
            .filter(d -> d.kind().filter("RestoreDrill"::equals).isPresent())
            .toList();
    ManifestDocument document =
        drills.stream()
            .filter(d -> d.name().filter(drill::equals).isPresent())
            .findFirst()
            .orElseThrow(
                () ->
                    new UsageException(
                        "no RestoreDrill named '"
                            + drill
                            + "' in "
                            + state.policies()
                            + " (found: "
                            + (drills.isEmpty()
                                ? "none"
                                : String.join(
                                    ", ", drills.stream().map(d -> d.name().orElse("?")).toList()))
                            + ")"));
    if (document.hasErrors() || document.resource().isEmpty()) {
      throw new UsageException(
          document.location()
              + ": RestoreDrill/"
              + drill
              + " does not parse; run `bulwark validate "
              + state.policies()
              + "`");
    }
    RestoreDrill resource = (RestoreDrill) document.resource().get();
    if (resource.getSpec() == null || resource.getSpec().getPolicyRef() == null) {
      throw new UsageException(
          document.location() + ": RestoreDrill/" + drill + " has no spec.policyRef");
    }
    return resource;
  }
}
