package dev.bulwark.core.reconcile;

import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.api.replay.PartitionState;
import dev.bulwark.api.replay.PartitionStatus;
import dev.bulwark.api.replay.ReplayMode;
import dev.bulwark.api.replay.ReplayPhase;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.api.replay.ReplayPlanStatus;
import dev.bulwark.core.Environment;
import dev.bulwark.core.replay.ReplayRunRecord;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.validation.ReplayPlanValidator;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.core.validation.SpecProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates a ReplayPlan and runs it once per spec generation (a dry-run plans, apply replays),
 * then shows the newest run, whoever started it (the runtime or {@code bulwark replay}), in the
 * status: phase, per-partition states with their evidence, counts and the Succeeded condition.
 */
public final class ReplayPlanController implements Controller<ReplayPlan, ReplayPlanStatus> {
  private final ReplayPlanValidator validator;

  /**
   * A controller validating with R12 defaults from {@code environment}; runs come from the context.
   */
  public ReplayPlanController(Environment environment) {
    this.validator = new ReplayPlanValidator(environment);
  }

  @Override
  public String kind() {
    return "ReplayPlan";
  }

  @Override
  public Class<ReplayPlan> resourceType() {
    return ReplayPlan.class;
  }

  @Override
  public List<SpecProblem> findings(ReplayPlan resource, ResourceLookup lookup) {
    return validator.validate(resource, lookup);
  }

  @Override
  public ReconcileResult<ReplayPlanStatus> reconcile(ReplayPlan plan, ReconcileContext context) {
    ReplayPlanStatus status = StatusCopies.copyOf(plan.getStatus(), ReplayPlanStatus::new);
    Long generation = plan.getRef().generation();
    status.setObservedGeneration(generation);
    ConditionRecorder conditions = new ConditionRecorder(status, generation, context.now());
    List<SpecProblem> problems = validator.validate(plan, context.lookup());
    if (!conditions.validity(problems)) {
      String policyRef = plan.getSpec() == null ? null : plan.getSpec().getPolicyRef();
      return MissingPolicy.invalid(status, conditions, policyRef, problems, context.now());
    }
    ReplayMode mode =
        plan.getSpec().getMode() == null ? ReplayMode.DRY_RUN : plan.getSpec().getMode();
    conditions.set(
        ConditionType.READY,
        true,
        ConditionReason.SPEC_VALID,
        "valid; "
            + WireNames.of(mode)
            + " of analyzer "
            + plan.getSpec().getAnalyzer().getAnalyzerVersion()
            + " over "
            + plan.getSpec().getPartition().getWindow().getStart()
            + ".."
            + plan.getSpec().getPartition().getWindow().getEnd());
    Optional<String> namespace =
        Optional.ofNullable(plan.getRef().namespace()).filter(n -> !n.isBlank());
    Optional<ReplayRunRecord> latest =
        context.replays().latest(new RunKey(namespace, plan.getRef().name()));
    latest.ifPresent(record -> show(record, status, conditions));
    List<Action> actions = new ArrayList<>();
    boolean ranThisGeneration =
        latest.filter(r -> Objects.equals(r.generation(), generation)).isPresent()
            || Objects.equals(status.getRunGeneration(), generation);
    if (!ranThisGeneration) {
      // A run records the generation it ran for; its outcome stands until the spec changes.
      if (latest.isEmpty()) {
        status.setPhase(ReplayPhase.PENDING);
        conditions.unknown(
            ConditionType.SUCCEEDED, ConditionReason.NO_RUNS_YET, "no run of this plan yet");
      }
      status.setRunGeneration(generation);
      actions.add(new StartReplay(generation == null ? 0 : generation));
    }
    List<Action> all = new ArrayList<>(conditions.transitions());
    all.addAll(actions);
    return new ReconcileResult<>(status, all, Optional.empty());
  }

  private static void show(
      ReplayRunRecord record, ReplayPlanStatus status, ConditionRecorder conditions) {
    status.setPhase(record.phase());
    status.setRunId(record.runId());
    status.setMode(record.action());
    status.setPartitions(
        record.partitions().stream()
            .map(
                p -> {
                  PartitionStatus partition = new PartitionStatus();
                  partition.setKey(p.key());
                  partition.setState(p.state());
                  partition.setEvidence(p.report());
                  partition.setReason(p.reason());
                  return partition;
                })
            .toList());
    status.setPlanned(record.count(PartitionState.PLANNED));
    status.setDone(record.count(PartitionState.DONE));
    status.setFailed(record.count(PartitionState.FAILED));
    status.setSkipped(record.count(PartitionState.SKIPPED));
    status.setStartedAt(record.startedAt() == null ? null : record.startedAt().toString());
    status.setFinishedAt(record.finishedAt() == null ? null : record.finishedAt().toString());
    String message =
        record.action()
            + " run "
            + record.runId()
            + " "
            + WireNames.of(record.phase())
            + ": "
            + record.message();
    if (record.phase() == ReplayPhase.SUCCEEDED) {
      conditions.set(ConditionType.SUCCEEDED, true, ConditionReason.RUN_SUCCEEDED, message);
    } else {
      conditions.set(ConditionType.SUCCEEDED, false, ConditionReason.RUN_FAILED, message);
    }
  }
}
