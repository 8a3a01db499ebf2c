package dev.bulwark.core.migration;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.migration.MigrationMode;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.core.jobs.JobOrder;
import java.util.Objects;
import java.util.Optional;

/**
 * One run to carry out.
 *
 * @param plan the MigrationPlan (valid)
 * @param policy its BackupPolicy, which takes the pre-migration snapshot
 * @param namespace the plan's namespace; empty in compose mode
 * @param dryRun report only, whatever spec.mode says (the CLI's --dry-run)
 * @param trigger {@code controller} or {@code manual}
 * @param actor {@code controller} or {@code cli:<user>}
 * @param generation the spec generation the run is for, when a controller started it
 */
public record MigrationRequest(
    MigrationPlan plan,
    BackupPolicy policy,
    Optional<String> namespace,
    boolean dryRun,
    String trigger,
    String actor,
    Optional<Long> generation) {

  public MigrationRequest {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(policy, "policy");
    namespace = namespace == null ? Optional.empty() : namespace;
    generation = generation == null ? Optional.empty() : generation;
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(actor, "actor");
  }

  /**
   * The request of a MigrationPlan controller: the plan in its own mode, for {@code generation}.
   */
  public static MigrationRequest controller(
      MigrationPlan plan, BackupPolicy policy, Optional<String> namespace, long generation) {
    return new MigrationRequest(
        plan, policy, namespace, false, "controller", JobOrder.CONTROLLER, Optional.of(generation));
  }

  /** The plan's name. */
  public String planName() {
    return plan.getRef().name();
  }

  /** Whether this run only reports: the flag, or spec.mode dry-run. */
  public boolean reportsOnly() {
    return dryRun || plan.getSpec().getMode() != MigrationMode.APPLY;
  }
}
