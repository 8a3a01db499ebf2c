package dev.bulwark.core.reconcile;

import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.core.Environment;
import dev.bulwark.core.schedule.CronSchedule;
import dev.bulwark.core.schedule.ScheduleDefaults;
import dev.bulwark.core.schedule.TimeZones;
import dev.bulwark.core.validation.RestoreDrillValidator;
import dev.bulwark.core.validation.SpecProblem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Validates a RestoreDrill and computes its next run (weekly for L1/L2, monthly for L3 unless the
 * spec says otherwise); it wakes up when the run is due. Drill runs come with the restore engine.
 */
public final class RestoreDrillController implements Controller<RestoreDrill, RestoreDrillStatus> {
  private final RestoreDrillValidator validator;

  /** A controller whose policy checks read R12 defaults from {@code environment}. */
  public RestoreDrillController(Environment environment) {
    this.validator = new RestoreDrillValidator(environment);
  }

  @Override
  public String kind() {
    return "RestoreDrill";
  }

  @Override
  public Class<RestoreDrill> resourceType() {
    return RestoreDrill.class;
  }

  @Override
  public ReconcileResult<RestoreDrillStatus> reconcile(
      RestoreDrill drill, ReconcileContext context) {
    RestoreDrillStatus status = StatusCopies.copyOf(drill.getStatus(), RestoreDrillStatus::new);
    Long generation = drill.getMetadata() == null ? null : drill.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    ConditionRecorder conditions = new ConditionRecorder(status, generation, context.now());
    List<SpecProblem> problems = validator.validate(drill, context.lookup());
    if (!conditions.validity(problems)) {
      status.setNextRun(null);
      String policyRef = drill.getSpec() == null ? null : drill.getSpec().getPolicyRef();
      return MissingPolicy.invalid(status, conditions, policyRef, problems, context.now());
    }
    RestoreDrillSpec spec = drill.getSpec();
    if (Boolean.TRUE.equals(spec.getSuspend())) {
      status.setNextRun(null);
      conditions.set(
          ConditionType.READY,
          false,
          ConditionReason.SUSPENDED,
          "spec.suspend is true: no drills are scheduled");
      return new ReconcileResult<>(status, conditions.transitions(), Optional.empty());
    }
    CronSchedule schedule =
        CronSchedule.parse(
            ScheduleDefaults.drill(spec), TimeZones.parse(ScheduleDefaults.drillTimeZone(spec)));
    Instant nextRun = schedule.nextAfter(context.now());
    status.setNextRun(nextRun.toString());
    conditions.set(
        ConditionType.READY,
        true,
        ConditionReason.SCHEDULED,
        "drills of BackupPolicy '" + spec.getPolicyRef() + "' on '" + schedule.expression()
            + "' (" + schedule.zone() + ")");
    return new ReconcileResult<>(status, conditions.transitions(), Optional.of(nextRun));
  }
}
