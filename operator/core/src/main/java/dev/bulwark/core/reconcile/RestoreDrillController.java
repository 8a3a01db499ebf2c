package dev.bulwark.core.reconcile;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.drill.DrillRun;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.core.Environment;
import dev.bulwark.core.drills.DrillObjectives;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.jobs.JobState;
import dev.bulwark.core.schedule.CronSchedule;
import dev.bulwark.core.schedule.ScheduleDefaults;
import dev.bulwark.core.schedule.TimeZones;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.core.validation.RestoreDrillValidator;
import dev.bulwark.core.validation.SpecProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validates a RestoreDrill, reports its run history (last run, last success, Succeeded,
 * ObjectivesMet) and starts a run when one is due: when its schedule (weekly for L1/L2, monthly for
 * L3 unless the spec says otherwise) fired after the last run began. A drill that never ran waits
 * for its schedule too, unless no drill has ever proven its policy: then it runs once as soon as
 * the policy has a successful backup to restore. It wakes up at the next fire, or soon while a run
 * goes.
 */
public final class RestoreDrillController implements Controller<RestoreDrill, RestoreDrillStatus> {
  /** How soon a drill with a run in progress looks again. */
  static final Duration WHILE_RUNNING = Duration.ofSeconds(10);

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
  public List<SpecProblem> findings(RestoreDrill resource, ResourceLookup lookup) {
    return validator.validate(resource, lookup);
  }

  @Override
  public ReconcileResult<RestoreDrillStatus> reconcile(
      RestoreDrill drill, ReconcileContext context) {
    RestoreDrillStatus status = StatusCopies.copyOf(drill.getStatus(), RestoreDrillStatus::new);
    Long generation = drill.getRef().generation();
    status.setObservedGeneration(generation);
    ConditionRecorder conditions = new ConditionRecorder(status, generation, context.now());
    List<SpecProblem> problems = validator.validate(drill, context.lookup());
    if (!conditions.validity(problems)) {
      status.setNextRun(null);
      String policyRef = drill.getSpec() == null ? null : drill.getSpec().getPolicyRef();
      return MissingPolicy.invalid(status, conditions, policyRef, problems, context.now());
    }
    RestoreDrillSpec spec = drill.getSpec();
    Optional<String> namespace =
        Optional.ofNullable(drill.getRef().namespace()).filter(n -> !n.isBlank());
    List<DrillRecord> runs = context.drills().recent(namespace, drill.getRef().name());
    boolean backedUp = hasSuccessfulBackup(spec.getPolicyRef(), namespace, context);
    DrillRunStatus.apply(
        runs,
        status,
        conditions,
        DrillObjectives.of(spec),
        backedUp
            ? "no drill has run yet"
            : "no drill has run yet: BackupPolicy '"
                + spec.getPolicyRef()
                + "' has no successful backup to restore",
        generation,
        context.now());
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
    conditions.set(
        ConditionType.READY,
        true,
        ConditionReason.SCHEDULED,
        "drills of BackupPolicy '"
            + spec.getPolicyRef()
            + "' on '"
            + schedule.expression()
            + "' ("
            + schedule.zone()
            + ")");
    List<Action> actions = new ArrayList<>(conditions.transitions());
    Instant now = context.now();
    boolean running = runs.stream().anyMatch(r -> !r.finished());
    // A history lost with the state directory (a new operator pod) leaves the status's last run.
    Optional<Instant> lastStart =
        runs.isEmpty()
            ? Optional.ofNullable(status.getLastRun())
                .map(DrillRun::getStartedAt)
                .flatMap(RestoreDrillController::instant)
            : Optional.of(runs.get(0).startedAt());
    Instant due =
        lastStart
            .map(schedule::nextAfter)
            .orElseGet(() -> firstRun(spec.getPolicyRef(), namespace, schedule, status, context));
    if (running) {
      status.setNextRun(schedule.nextAfter(now).toString());
      return new ReconcileResult<>(status, actions, Optional.of(now.plus(WHILE_RUNNING)));
    }
    if (!due.isAfter(now) && backedUp) {
      actions.add(new StartDrill("schedule"));
      status.setNextRun(now.toString());
      return new ReconcileResult<>(status, actions, Optional.of(now.plus(WHILE_RUNNING)));
    }
    // Without a backup to restore, a due drill waits: the history poll starts it soon after the
    // first backup.
    Instant next = due.isAfter(now) ? due : schedule.nextAfter(now);
    status.setNextRun(next.toString());
    return new ReconcileResult<>(status, actions, Optional.of(HistoryPoll.atMost(next, now)));
  }

  /**
   * When a drill that never ran is due: at once while no drill has ever proven its policy (a new
   * install should not wait a month to open the gate), else at its schedule's first fire after it
   * was first reconciled, which {@code status.nextRun} keeps across reconciles and restarts.
   */
  private static Instant firstRun(
      String policyRef,
      Optional<String> namespace,
      CronSchedule schedule,
      RestoreDrillStatus status,
      ReconcileContext context) {
    Instant now = context.now();
    if (context.drills().policyProvenAt(namespace, policyRef).isEmpty()) {
      return now;
    }
    Instant upcoming = schedule.nextAfter(now);
    Optional<Instant> promised =
        Optional.ofNullable(status.getNextRun()).flatMap(RestoreDrillController::instant);
    return promised.filter(p -> p.isBefore(upcoming)).orElse(upcoming);
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether the drill's policy has a snapshot to restore: from its status, or its job history. */
  private static boolean hasSuccessfulBackup(
      String policyRef, Optional<String> namespace, ReconcileContext context) {
    Optional<BackupPolicy> policy =
        context.lookup().backupPolicy(namespace.orElse(null), policyRef);
    if (policy.isPresent()
        && policy.get().getStatus() != null
        && policy.get().getStatus().getLastSuccessfulBackup() != null) {
      return true;
    }
    return context.jobs().jobsOf(namespace, policyRef).recent().stream()
        .anyMatch(j -> j.state() == JobState.SUCCESS);
  }
}
