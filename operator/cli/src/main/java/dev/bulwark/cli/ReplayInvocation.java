package dev.bulwark.cli;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.api.replay.PartitionState;
import dev.bulwark.api.replay.ReplayMode;
import dev.bulwark.api.replay.ReplayPhase;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.core.Environment;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.replay.PartitionOutcome;
import dev.bulwark.core.replay.ReplayAction;
import dev.bulwark.core.replay.ReplayPlanException;
import dev.bulwark.core.replay.ReplayRequest;
import dev.bulwark.core.replay.ReplayRunRecord;
import dev.bulwark.core.replay.ReplayRunner;
import dev.bulwark.core.validation.ReplayPlanValidator;
import dev.bulwark.core.validation.SpecProblem;
import dev.bulwark.core.validation.SpecProblems;
import dev.bulwark.manifests.ManifestDocument;
import dev.bulwark.manifests.ManifestReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What {@code bulwark replay} and {@code bulwark backfill} share: find and validate the plan (and
 * its BackupPolicy when the inputs come from a snapshot), run it in the foreground, print the
 * outcome per partition.
 */
final class ReplayInvocation {
  private final StateOptions state;
  private final String planName;

  ReplayInvocation(StateOptions state, String planName) {
    this.state = state;
    this.planName = planName;
  }

  /**
   * Runs the plan as {@code action} (dry-run instead when asked or when spec.mode is dry-run), with
   * {@code narrow} applied to the request; returns the exit code.
   */
  int run(
      ReplayAction action,
      boolean dryRun,
      UnaryOperator<ReplayRequest> narrow,
      boolean json,
      PrintWriter out,
      PrintWriter err,
      String command)
      throws Exception {
    ReplayPlan plan;
    Optional<BackupPolicy> policy;
    try {
      plan = plan();
      policy = policy(plan);
      validate(plan, policy);
    } catch (UsageException e) {
      err.println("bulwark " + command + ": " + e.getMessage());
      return 2;
    }
    ReplayAction effective = action;
    if (dryRun) {
      effective = ReplayAction.DRY_RUN;
    } else if (plan.getSpec().getMode() != ReplayMode.APPLY) {
      err.println(
          "ReplayPlan/"
              + planName
              + " has spec.mode dry-run: planning only; set mode: apply to write outputs");
      effective = ReplayAction.DRY_RUN;
    }
    ReplayRunner runner =
        ReplayRunner.builder(state.state())
            .repositories(
                new PolicyRepositories(
                    Environment.system(), TargetOpeners.all(state.state(), System.getenv())))
            .build();
    ReplayRunRecord record;
    try {
      record =
          runner.run(
              narrow.apply(ReplayRequest.manual(plan, policy, effective, AuditEvent.cliActor())));
    } catch (ReplayPlanException e) {
      err.println("bulwark " + command + ": ReplayPlan/" + planName + ": " + e.getMessage());
      return 2;
    }
    if (json) {
      out.println(CliJson.write(record));
    } else {
      for (PartitionOutcome partition : record.partitions()) {
        out.printf(
            "%s %s: %s (%s)%n",
            partition.key(),
            WireNames.of(partition.state()),
            partition.reason(),
            partition.report());
      }
      err.printf(
          "ReplayPlan/%s run %s %s: %s%n",
          planName, record.runId(), WireNames.of(record.phase()), record.message());
    }
    out.flush();
    err.flush();
    return record.phase() == ReplayPhase.SUCCEEDED && record.count(PartitionState.FAILED) == 0
        ? 0
        : 1;
  }

  private ReplayPlan plan() throws UsageException {
    if (!Files.isDirectory(state.policies())) {
      throw new UsageException(
          "policies directory "
              + state.policies()
              + " does not exist (set --policies or BULWARK_POLICIES)");
    }
    List<ManifestDocument> plans =
        new ManifestReader()
            .readAll(List.of(state.policies())).stream()
                .filter(d -> d.kind().filter("ReplayPlan"::equals).isPresent())
                .toList();
    ManifestDocument document =
        plans.stream()
            .filter(d -> d.name().filter(planName::equals).isPresent())
            .findFirst()
            .orElseThrow(
                () ->
                    new UsageException(
                        "no ReplayPlan named '"
                            + planName
                            + "' in "
                            + state.policies()
                            + " (found: "
                            + (plans.isEmpty()
                                ? "none"
                                : String.join(
                                    ", ", plans.stream().map(d -> d.name().orElse("?")).toList()))
                            + ")"));
    if (document.hasErrors() || document.resource().isEmpty()) {
      throw new UsageException(
          document.location()
              + ": ReplayPlan/"
              + planName
              + " does not parse; run `bulwark validate "
              + state.policies()
              + "`");
    }
    return (ReplayPlan) document.resource().get();
  }

  private Optional<BackupPolicy> policy(ReplayPlan plan) throws UsageException {
    String policyRef = plan.getSpec() == null ? null : plan.getSpec().getPolicyRef();
    if (policyRef == null || policyRef.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new PolicyLookup(state.policies(), Environment.system()).backupPolicy(policyRef));
  }

  private void validate(ReplayPlan plan, Optional<BackupPolicy> policy) throws UsageException {
    List<SpecProblem> problems =
        new ReplayPlanValidator(Environment.system())
            .validate(
                plan, (namespace, name) -> policy.filter(p -> p.getRef().name().equals(name)));
    if (SpecProblems.hasErrors(problems)) {
      throw new UsageException(
          "ReplayPlan/"
              + planName
              + " is invalid: "
              + SpecProblems.summary(SpecProblems.errors(problems)));
    }
  }
}
