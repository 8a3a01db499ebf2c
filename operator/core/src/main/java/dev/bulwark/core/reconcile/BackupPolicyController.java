package dev.bulwark.core.reconcile;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.Schedule;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.Environment;
import dev.bulwark.core.schedule.CronSchedule;
import dev.bulwark.core.schedule.ScheduleDefaults;
import dev.bulwark.core.schedule.TimeZones;
import dev.bulwark.core.validation.BackupPolicyValidator;
import dev.bulwark.core.validation.SpecProblem;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Validates a BackupPolicy, resolves its target and computes when its next incremental and full
 * snapshots are due; it wakes up when the earlier of the two comes. Jobs come with the engine.
 */
public final class BackupPolicyController implements Controller<BackupPolicy, BackupPolicyStatus> {
  private final Environment environment;
  private final BackupPolicyValidator validator;

  /** A controller reading R12 defaults (target, buckets, retention) from {@code environment}. */
  public BackupPolicyController(Environment environment) {
    this.environment = environment;
    this.validator = new BackupPolicyValidator(environment);
  }

  @Override
  public String kind() {
    return "BackupPolicy";
  }

  @Override
  public Class<BackupPolicy> resourceType() {
    return BackupPolicy.class;
  }

  @Override
  public ReconcileResult<BackupPolicyStatus> reconcile(
      BackupPolicy policy, ReconcileContext context) {
    BackupPolicyStatus status = StatusCopies.copyOf(policy.getStatus(), BackupPolicyStatus::new);
    Long generation = policy.getMetadata() == null ? null : policy.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    ConditionRecorder conditions = new ConditionRecorder(status, generation, context.now());
    List<SpecProblem> problems = validator.validate(policy, context.lookup());
    if (!conditions.validity(problems)) {
      clearSchedule(status);
      status.setResolvedTarget(null);
      conditions.notReadyBecauseInvalid(problems);
      return new ReconcileResult<>(status, conditions.transitions(), Optional.empty());
    }
    BackupPolicySpec spec = policy.getSpec();
    status.setResolvedTarget(WireNames.of(resolvedTarget(spec)));
    if (Boolean.TRUE.equals(spec.getSuspend())) {
      clearSchedule(status);
      conditions.set(
          ConditionType.READY,
          false,
          ConditionReason.SUSPENDED,
          "spec.suspend is true: no snapshots are scheduled");
      return new ReconcileResult<>(status, conditions.transitions(), Optional.empty());
    }
    Schedule schedule = spec.getSchedule();
    ZoneId zone = TimeZones.parse(ScheduleDefaults.timeZone(schedule));
    CronSchedule incremental = CronSchedule.parse(ScheduleDefaults.incremental(schedule), zone);
    CronSchedule full = CronSchedule.parse(ScheduleDefaults.full(schedule), zone);
    Instant nextIncremental = incremental.nextAfter(context.now());
    Instant nextFull = full.nextAfter(context.now());
    status.setNextIncremental(nextIncremental.toString());
    status.setNextFull(nextFull.toString());
    conditions.set(
        ConditionType.READY,
        true,
        ConditionReason.SCHEDULED,
        "incremental on '" + incremental.expression() + "', full on '" + full.expression()
            + "' (" + zone + ")");
    Instant wakeUp = nextIncremental.isBefore(nextFull) ? nextIncremental : nextFull;
    return new ReconcileResult<>(status, conditions.transitions(), Optional.of(wakeUp));
  }

  /** The spec's target, else BACKUP_TARGET_DEFAULT; validation has made sure one of them is set. */
  private TargetProvider resolvedTarget(BackupPolicySpec spec) {
    return spec.getTarget() != null
        ? spec.getTarget()
        : environment.targetDefault().orElseThrow(IllegalStateException::new);
  }

  private static void clearSchedule(BackupPolicyStatus status) {
    status.setNextIncremental(null);
    status.setNextFull(null);
  }
}
