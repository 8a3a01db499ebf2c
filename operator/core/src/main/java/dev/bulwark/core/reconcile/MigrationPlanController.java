package dev.bulwark.core.reconcile;

import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.api.migration.MigrationPhase;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.migration.MigrationPlanStatus;
import dev.bulwark.core.Environment;
import dev.bulwark.core.migration.MigrationRecord;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.validation.MigrationPlanValidator;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.core.validation.SpecProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates a MigrationPlan and runs it once per spec generation: a valid plan with no run for its
 * generation is Pending and asks for one ({@link StartMigration}); the run's record (from the
 * migration ledger) then gives the phase, counts, snapshot and the Succeeded condition. A run the
 * gate blocked is asked for again every {@link #GATE_RETRY}; a run whose process died is asked for
 * again at once, and that run first rolls back what the dead one touched.
 */
public final class MigrationPlanController
    implements Controller<MigrationPlan, MigrationPlanStatus> {
  /** How soon a plan the release gate blocked tries again. */
  static final Duration GATE_RETRY = Duration.ofMinutes(5);

  private final MigrationPlanValidator validator;

  /**
   * A controller reading runs from the context's migration ledger; R12 defaults from {@code
   * environment}.
   */
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
  public List<SpecProblem> findings(MigrationPlan resource, ResourceLookup lookup) {
    return validator.validate(resource, lookup);
  }

  @Override
  public ReconcileResult<MigrationPlanStatus> reconcile(
      MigrationPlan plan, ReconcileContext context) {
    MigrationPlanStatus status = StatusCopies.copyOf(plan.getStatus(), MigrationPlanStatus::new);
    Long generation = plan.getRef().generation();
    status.setObservedGeneration(generation);
    ConditionRecorder conditions = new ConditionRecorder(status, generation, context.now());
    List<SpecProblem> problems = validator.validate(plan, context.lookup());
    if (!conditions.validity(problems)) {
      String policyRef = plan.getSpec() == null ? null : plan.getSpec().getPolicyRef();
      return MissingPolicy.invalid(status, conditions, policyRef, problems, context.now());
    }
    conditions.set(
        ConditionType.READY,
        true,
        ConditionReason.SPEC_VALID,
        "valid; migrates objects from version "
            + plan.getSpec().getFrom()
            + " to "
            + plan.getSpec().getTo()
            + " when run");
    Optional<String> namespace =
        Optional.ofNullable(plan.getRef().namespace()).filter(n -> !n.isBlank());
    Optional<MigrationRecord> run =
        context
            .migrations()
            .latest(new RunKey(namespace, plan.getRef().name()))
            .filter(r -> Objects.equals(r.generation(), generation));
    List<Action> actions = new ArrayList<>();
    Optional<Instant> requeue = Optional.empty();
    if (run.isEmpty()) {
      // A run records the generation it ran for; its outcome stands until the spec changes.
      if (status.getPhase() == null || !Objects.equals(status.getRunGeneration(), generation)) {
        status.setPhase(MigrationPhase.PENDING);
        conditions.unknown(
            ConditionType.SUCCEEDED, ConditionReason.NO_RUNS_YET, "no run of this spec yet");
        actions.add(new StartMigration(generation == null ? 0 : generation));
      }
    } else {
      MigrationRecord record = run.get();
      show(record, status, conditions);
      if (record.wasInterrupted()) {
        actions.add(new StartMigration(generation == null ? 0 : generation));
      } else if (record.finished() && record.phase() == MigrationPhase.GATE_BLOCKED) {
        Instant retry = record.finishedAt().plus(GATE_RETRY);
        if (context.now().isBefore(retry)) {
          requeue = Optional.of(retry);
        } else {
          actions.add(new StartMigration(generation == null ? 0 : generation));
        }
      }
    }
    List<Action> all = new ArrayList<>(conditions.transitions());
    all.addAll(actions);
    return new ReconcileResult<>(status, all, requeue);
  }

  private static void show(
      MigrationRecord record, MigrationPlanStatus status, ConditionRecorder conditions) {
    status.setPhase(record.phase());
    status.setRunGeneration(record.generation());
    status.setRunId(record.runId());
    status.setSelected(record.selected());
    status.setMigrated(record.migrated());
    status.setSkipped(record.skipped());
    status.setOlderThanFrom(record.olderThanFrom());
    status.setFailed(record.failed());
    status.setFailures(record.failures().isEmpty() ? null : record.failures());
    status.setSnapshotJobId(record.snapshotJobId());
    status.setRolledBack(record.rolledBack());
    status.setStartedAt(record.startedAt() == null ? null : record.startedAt().toString());
    status.setFinishedAt(record.finishedAt() == null ? null : record.finishedAt().toString());
    if (!record.finished()) {
      return;
    }
    String message =
        record.mode()
            + " run "
            + record.runId()
            + " "
            + WireNames.of(record.phase())
            + ": "
            + record.message();
    if (record.phase() == MigrationPhase.SUCCEEDED) {
      conditions.set(ConditionType.SUCCEEDED, true, ConditionReason.RUN_SUCCEEDED, message);
    } else {
      conditions.set(ConditionType.SUCCEEDED, false, ConditionReason.RUN_FAILED, message);
    }
  }
}
