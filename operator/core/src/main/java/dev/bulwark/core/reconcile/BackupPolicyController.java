package dev.bulwark.core.reconcile;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.BackupRef;
import dev.bulwark.api.backup.Schedule;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.Environment;
import dev.bulwark.core.jobs.BackupCadence;
import dev.bulwark.core.jobs.CadencePlan;
import dev.bulwark.core.jobs.JobOrder;
import dev.bulwark.core.jobs.PolicyJobs;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.schedule.CronSchedule;
import dev.bulwark.core.schedule.ScheduleDefaults;
import dev.bulwark.core.schedule.TimeZones;
import dev.bulwark.core.validation.BackupPolicyValidator;
import dev.bulwark.core.validation.ClaimSourceChecks;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.core.validation.SpecProblem;
import dev.bulwark.core.verify.VerifyRuns;
import dev.bulwark.core.verify.VerifySettings;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.SnapshotType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates a BackupPolicy, resolves its target and keeps its snapshot cadence converged: from the
 * two schedules and the job history ({@link BackupCadence}) it asks the runtime to start the job
 * that is due, and derives from the history the status facts and the Healthy, Fresh,
 * TargetReachable and LifecycleEffective conditions ({@link JobFacts}); it starts the periodic
 * verify of the repository when due and reports it as the Verified condition ({@link VerifyFacts}).
 * It wakes up at the next fire, retry or, while a job runs, shortly after. A changed spec is
 * written to the audit trail.
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
  public List<SpecProblem> findings(BackupPolicy resource, ResourceLookup lookup) {
    return validator.validate(resource, lookup);
  }

  @Override
  public ReconcileResult<BackupPolicyStatus> reconcile(
      BackupPolicy policy, ReconcileContext context) {
    BackupPolicyStatus status = StatusCopies.copyOf(policy.getStatus(), BackupPolicyStatus::new);
    Long generation = policy.getRef().generation();
    status.setObservedGeneration(generation);
    ConditionRecorder conditions = new ConditionRecorder(status, generation, context.now());
    List<Action> actions = new ArrayList<>();
    Long observed = policy.getStatus() == null ? null : policy.getStatus().getObservedGeneration();
    if (observed != null && generation != null && !observed.equals(generation)) {
      actions.add(
          new AppendAudit(
              "policy_changed", Map.of("from_generation", observed, "to_generation", generation)));
    }
    Optional<String> namespace =
        Optional.ofNullable(policy.getRef().namespace()).filter(n -> !n.isBlank());
    PolicyJobs jobs = context.jobs().jobsOf(namespace, policy.getRef().name());
    List<SpecProblem> problems = new ArrayList<>(validator.validate(policy, context.lookup()));
    problems.addAll(
        ClaimSourceChecks.forRuntime(
            policy.getSpec(),
            context.runtime() == ReconcileContext.Runtime.KUBERNETES,
            environment));
    if (!conditions.validity(problems)) {
      clearSchedule(status);
      status.setResolvedTarget(null);
      conditions.notReadyBecauseInvalid(problems);
      return result(status, conditions, actions, Optional.empty());
    }
    BackupPolicySpec spec = policy.getSpec();
    status.setResolvedTarget(WireNames.of(resolvedTarget(spec)));
    Schedule schedule = spec.getSchedule();
    ZoneId zone = TimeZones.parse(ScheduleDefaults.timeZone(schedule));
    CronSchedule incremental = CronSchedule.parse(ScheduleDefaults.incremental(schedule), zone);
    CronSchedule full = CronSchedule.parse(ScheduleDefaults.full(schedule), zone);
    BackupCadence cadence = new BackupCadence(incremental, full);
    JobFacts.apply(
        jobs, status, conditions, cadence.incrementalInterval(context.now()), context.now());
    boolean suspended = Boolean.TRUE.equals(spec.getSuspend());
    VerifySettings verify = VerifySettings.of(spec);
    Optional<String> verifyDue =
        VerifyFacts.apply(
            context
                .verifies()
                .recent(new RunKey(namespace, policy.getRef().name()), VerifyRuns.WINDOW),
            jobs.history(),
            status,
            conditions,
            verify,
            CronSchedule.parse(verify.schedule(), zone),
            !suspended,
            context.now());
    if (suspended) {
      clearSchedule(status);
      conditions.set(
          ConditionType.READY,
          false,
          ConditionReason.SUSPENDED,
          "spec.suspend is true: no new jobs start; snapshots and history are kept");
      // Still look again while a job runs, so its end shows up in the status.
      Optional<Instant> poll =
          jobs.active().map(active -> context.now().plus(BackupCadence.WHILE_RUNNING));
      return result(status, conditions, actions, poll);
    }
    // A full known only from the status (the state directory was lost) still counts.
    Optional<Instant> statusFull =
        Optional.ofNullable(status.getLastFullBackup())
            .map(BackupRef::getJobId)
            .filter(JobId::isValid)
            .map(JobId::startedAt);
    CadencePlan plan =
        cadence.plan(
            jobs.history().withFullBeganAtLeast(statusFull),
            jobs.active().isPresent(),
            context.now());
    status.setNextIncremental(plan.nextIncremental().toString());
    status.setNextFull(plan.nextFull().toString());
    conditions.set(
        ConditionType.READY,
        true,
        ConditionReason.SCHEDULED,
        "incremental on '"
            + incremental.expression()
            + "', full on '"
            + full.expression()
            + "' ("
            + zone
            + ")");
    Optional<String> runNow = RunNow.pending(policy, status.getRunNowHandled());
    if (runNow.isPresent() && jobs.active().isEmpty()) {
      // A person asked (kubectl annotate): that job goes first; a scheduled one due now follows it.
      actions.add(
          new StartBackupJob(
              JobOrder.manual(
                  SnapshotType.INCREMENTAL, "annotation:" + RunNow.ANNOTATION, Optional.empty())));
      status.setRunNowHandled(runNow.get());
      return result(
          status,
          conditions,
          actions,
          Optional.of(context.now().plus(BackupCadence.WHILE_RUNNING)));
    }
    plan.startNow().ifPresent(order -> actions.add(new StartBackupJob(order)));
    verifyDue.ifPresent(trigger -> actions.add(new StartVerify(trigger)));
    if (runNow.isPresent()) {
      // Asked while a job runs: answered once it has ended.
      return result(
          status,
          conditions,
          actions,
          Optional.of(context.now().plus(BackupCadence.WHILE_RUNNING)));
    }
    return result(
        status, conditions, actions, Optional.of(HistoryPoll.atMost(plan.wakeUp(), context.now())));
  }

  private static ReconcileResult<BackupPolicyStatus> result(
      BackupPolicyStatus status,
      ConditionRecorder conditions,
      List<Action> actions,
      Optional<Instant> requeueAt) {
    List<Action> all = new ArrayList<>(conditions.transitions());
    all.addAll(actions);
    return new ReconcileResult<>(status, all, requeueAt);
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
    status.setNextVerify(null);
  }
}
