package dev.bulwark.core.reconcile;

import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.migration.MigrationPhase;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.migration.MigrationPlanStatus;
import dev.bulwark.core.Environment;
import dev.bulwark.core.validation.MigrationPlanValidator;
import dev.bulwark.core.validation.SpecProblem;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates a MigrationPlan and marks a valid one Pending until it runs. Runs (snapshot, migrate,
 * verify, roll back) come with the migration engine; they are started on request, not on a timer,
 * so a plan never asks to be looked at again by itself.
 */
public final class MigrationPlanController
    implements Controller<MigrationPlan, MigrationPlanStatus> {
  private final MigrationPlanValidator validator;

  /** A controller whose policy checks read R12 defaults from {@code environment}. */
  public MigrationPlanController(Environment environment) {
    this.validator = new MigrationPlanValidator(environment);
  }

  @Override
  public String kind() {
    return "MigrationPlan";
  }

  @Override
  public Class<MigrationPlan> resourceType() {
    return MigrationPlan.class;
  }

  @Override
  public ReconcileResult<MigrationPlanStatus> reconcile(
      MigrationPlan plan, ReconcileContext context) {
    MigrationPlanStatus status = StatusCopies.copyOf(plan.getStatus(), MigrationPlanStatus::new);
    Long generation = plan.getMetadata() == null ? null : plan.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    ConditionRecorder conditions = new ConditionRecorder(status, generation, context.now());
    List<SpecProblem> problems = validator.validate(plan, context.lookup());
    if (!conditions.validity(problems)) {
      String policyRef = plan.getSpec() == null ? null : plan.getSpec().getPolicyRef();
      return MissingPolicy.invalid(status, conditions, policyRef, problems, context.now());
    }
    // A run records the generation it ran for; its phase stands until the spec changes.
    if (status.getPhase() == null || !Objects.equals(status.getRunGeneration(), generation)) {
      status.setPhase(MigrationPhase.PENDING);
    }
    conditions.set(
        ConditionType.READY,
        true,
        ConditionReason.SPEC_VALID,
        "valid; migrates objects from version " + plan.getSpec().getFrom() + " to "
            + plan.getSpec().getTo() + " when run");
    return new ReconcileResult<>(status, conditions.transitions(), Optional.empty());
  }
}
