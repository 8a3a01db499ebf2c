package dev.bulwark.cli;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.migration.MigrationReport;
import dev.bulwark.core.migration.MigrationRequest;
import dev.bulwark.core.migration.MigrationRunner;
import dev.bulwark.core.migration.ObjectChange;
import dev.bulwark.core.migration.ObjectFailure;
import dev.bulwark.core.migration.PlanException;
import dev.bulwark.core.migration.ReaderCheck;
import dev.bulwark.core.validation.MigrationPlanValidator;
import dev.bulwark.core.validation.SpecProblem;
import dev.bulwark.core.validation.SpecProblems;
import dev.bulwark.manifests.ManifestDocument;
import dev.bulwark.manifests.ManifestReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark migrate}: run a MigrationPlan now, in the foreground, or check N-1 readability.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Run a MigrationPlan now, with a pre-migration snapshot and rollback.",
      "It checks the release gate (unless the plan sets requireGate: false), takes a FULL pre-migration",
      "snapshot through its BackupPolicy, migrates every selected object to spec.to (each replaced",
      "atomically), and on any failure restores every touched object from the snapshot, verified",
      "byte-identical. spec.mode decides between apply and dry-run; --dry-run only reports. --check",
      "lists objects older than to - 1 (what an N-1 reader meets). Every run appends a line to",
      "<state>/audit/migration_audit.jsonl.",
      "Exit 0 on success, 1 when the run failed, rolled back or the gate blocked it (or --check found",
      "objects), 2 on usage errors."
    })
final class MigrateCommand implements Callable<Integer> {
  @Option(
      names = "--plan",
      required = true,
      paramLabel = "NAME",
      description = "MigrationPlan name.")
  String plan;

  @Option(names = "--dry-run", description = "Report per object what would change; write nothing.")
  boolean dryRun;

  @Option(
      names = "--check",
      description = "List objects older than spec.to - 1; exit 1 when any exist.")
  boolean check;

  @Option(names = "--json", description = "Machine-readable output on stdout.")
  boolean json;

  @Mixin StateOptions state;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (dryRun && check) {
      err.println("bulwark migrate: --dry-run and --check exclude each other");
      return 2;
    }
    MigrationRequest request;
    try {
      request = request();
    } catch (UsageException e) {
      err.println("bulwark migrate: " + e.getMessage());
      return 2;
    }
    Environment environment = Environment.system();
    PolicyRepositories repositories =
        new PolicyRepositories(environment, TargetOpeners.all(state.state(), System.getenv()));
    BackupJobRunner jobs =
        BackupJobRunner.builder(repositories, environment, new StatePaths(state.state()))
            .toolVersion(BulwarkVersion.current())
            .build();
    MigrationRunner runner = MigrationRunner.builder(jobs, repositories, state.state()).build();
    if (check) {
      try {
        return printCheck(runner.checkReaders(request), out, err);
      } catch (PlanException e) {
        err.println("bulwark migrate: MigrationPlan/" + plan + ": " + e.getMessage());
        return 2;
      }
    }
    return printRun(runner.run(request), out, err);
  }

  private MigrationRequest request() throws UsageException {
    if (!Files.isDirectory(state.policies())) {
      throw new UsageException(
          "policies directory "
              + state.policies()
              + " does not exist (set --policies or BULWARK_POLICIES)");
    }
    List<ManifestDocument> documents = new ManifestReader().readAll(List.of(state.policies()));
    ManifestDocument document =
        documents.stream()
            .filter(d -> d.kind().filter("MigrationPlan"::equals).isPresent())
            .filter(d -> d.name().filter(plan::equals).isPresent())
            .findFirst()
            .orElseThrow(
                () ->
                    new UsageException(
                        "no MigrationPlan named '"
                            + plan
                            + "' in "
                            + state.policies()
                            + " (found: "
                            + String.join(
                                ", ",
                                documents.stream()
                                    .filter(
                                        d -> d.kind().filter("MigrationPlan"::equals).isPresent())
                                    .map(d -> d.name().orElse("?"))
                                    .toList())
                            + ")"));
    if (document.hasErrors() || document.resource().isEmpty()) {
      throw new UsageException(
          document.location()
              + ": MigrationPlan/"
              + plan
              + " does not parse; run `bulwark validate "
              + state.policies()
              + "`");
    }
    MigrationPlan migration = (MigrationPlan) document.resource().get();
    String policyRef = migration.getSpec() == null ? null : migration.getSpec().getPolicyRef();
    if (policyRef == null || policyRef.isBlank()) {
      throw new UsageException(
          document.location() + ": MigrationPlan/" + plan + " has no spec.policyRef");
    }
    BackupPolicy policy =
        new PolicyLookup(state.policies(), Environment.system()).backupPolicy(policyRef);
    List<SpecProblem> problems =
        new MigrationPlanValidator(Environment.system())
            .validate(
                migration,
                (namespace, name) ->
                    name.equals(policyRef) ? Optional.of(policy) : Optional.empty());
    if (SpecProblems.hasErrors(problems)) {
      throw new UsageException(
          document.location()
              + ": MigrationPlan/"
              + plan
              + " is invalid: "
              + SpecProblems.summary(SpecProblems.errors(problems)));
    }
    return new MigrationRequest(
        migration,
        policy,
        Optional.empty(),
        dryRun,
        "manual",
        AuditEvent.cliActor(),
        Optional.empty());
  }

  private int printCheck(ReaderCheck result, PrintWriter out, PrintWriter err) throws Exception {
    if (json) {
      out.println(CliJson.write(result));
    } else {
      result.tooOld().forEach(out::println);
      result.unreadable().forEach(f -> out.println(f + " (unreadable)"));
      err.printf(
          "%d of %d object(s) are older than version %d or unreadable%n",
          result.tooOld().size() + result.unreadable().size(),
          result.selected(),
          result.oldestReadable());
    }
    out.flush();
    return result.passed() ? 0 : 1;
  }

  private int printRun(MigrationReport report, PrintWriter out, PrintWriter err) throws Exception {
    if (json) {
      out.println(CliJson.write(report));
      out.flush();
      return report.succeeded() ? 0 : 1;
    }
    for (ObjectChange change : report.changes()) {
      out.printf(
          "%s: %d -> %d: %s%n",
          change.path(), change.fromVersion(), change.toVersion(), change.diff().summary());
    }
    report
        .olderThanFrom()
        .forEach(o -> err.println("older than " + report.from() + ", left alone: " + o));
    for (ObjectFailure failure : report.failures()) {
      err.println("failed: " + failure);
    }
    err.printf(
        "MigrationPlan/%s run %s %s: %s%n",
        report.plan(), report.runId(), WireNames.of(report.phase()), report.message());
    if (report.snapshotJobId() != null) {
      out.println(report.snapshotJobId());
    }
    out.flush();
    err.flush();
    return report.succeeded() ? 0 : 1;
  }
}
