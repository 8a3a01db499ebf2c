package dev.bulwark.core.reconcile;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.core.alerts.Alert;
import dev.bulwark.core.alerts.AlertPolicy;
import dev.bulwark.core.alerts.AlertSink;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.drills.DrillLedger;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.drills.DrillRequest;
import dev.bulwark.core.jobs.JobLedger;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobRequest;
import dev.bulwark.core.migration.MigrationRecord;
import dev.bulwark.core.migration.MigrationRequest;
import dev.bulwark.core.replay.ReplayRequest;
import dev.bulwark.core.replay.ReplayRunRecord;
import dev.bulwark.core.runs.RunExecutor;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.runs.RunService;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.core.verify.VerifyOrder;
import dev.bulwark.core.verify.VerifyRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runtimes need besides the controllers to carry out actions the same way: the job executor
 * (and its history, which controllers read), the alert sink and the audit trail. A runtime that
 * only validates uses {@link #none()}: jobs are then skipped with a log line, never silently.
 */
public final class RuntimeServices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeServices.class);

  private final Optional<RunService<JobRequest, JobRecord, JobLedger>> jobs;
  private final Optional<RunService<DrillRequest, DrillRecord, DrillLedger>> drills;
  private final Optional<RunService<MigrationRequest, MigrationRecord, RunLedger<MigrationRecord>>>
      migrations;
  private final Optional<RunService<ReplayRequest, ReplayRunRecord, RunLedger<ReplayRunRecord>>>
      replays;
  private final Optional<RunService<VerifyOrder, VerifyRecord, RunLedger<VerifyRecord>>> verifies;
  private final AlertSink alerts;
  private final Optional<AuditLog> audit;

  private RuntimeServices(
      Optional<RunService<JobRequest, JobRecord, JobLedger>> jobs,
      Optional<RunService<DrillRequest, DrillRecord, DrillLedger>> drills,
      Optional<RunService<MigrationRequest, MigrationRecord, RunLedger<MigrationRecord>>>
          migrations,
      Optional<RunService<ReplayRequest, ReplayRunRecord, RunLedger<ReplayRunRecord>>> replays,
      Optional<RunService<VerifyOrder, VerifyRecord, RunLedger<VerifyRecord>>> verifies,
      AlertSink alerts,
      Optional<AuditLog> audit) {
    this.jobs = jobs;
    this.drills = drills;
    this.migrations = migrations;
    this.replays = replays;
    this.verifies = verifies;
    this.alerts = alerts;
    this.audit = audit;
  }

  /**
   * Services that run jobs, drills, migrations and replays on their executors, alert to {@code
   * alerts} and audit to {@code audit}.
   */
  public static RuntimeServices of(
      RunService<JobRequest, JobRecord, JobLedger> jobs,
      RunService<DrillRequest, DrillRecord, DrillLedger> drills,
      RunService<MigrationRequest, MigrationRecord, RunLedger<MigrationRecord>> migrations,
      RunService<ReplayRequest, ReplayRunRecord, RunLedger<ReplayRunRecord>> replays,
      AlertSink alerts,
      AuditLog audit) {
    return new RuntimeServices(
        Optional.of(jobs),
        Optional.of(drills),
        Optional.of(migrations),
        Optional.of(replays),
        Optional.empty(),
        alerts,
        Optional.of(audit));
  }

  /** These services, also running periodic verifies on {@code verifies}. */
  public RuntimeServices withVerifies(
      RunService<VerifyOrder, VerifyRecord, RunLedger<VerifyRecord>> verifies) {
    return new RuntimeServices(
        jobs, drills, migrations, replays, Optional.of(verifies), alerts, audit);
  }

  /** Services without drills, migrations and replays (runtimes and tests that only back up). */
  public static RuntimeServices of(
      RunService<JobRequest, JobRecord, JobLedger> jobs, AlertSink alerts, AuditLog audit) {
    return new RuntimeServices(
        Optional.of(jobs),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        alerts,
        Optional.of(audit));
  }

  /**
   * Nothing runs and no audit, but alerts go to {@code alerts}: for tests and tools that only
   * reconcile.
   */
  public static RuntimeServices alerting(AlertSink alerts) {
    return new RuntimeServices(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        alerts,
        Optional.empty());
  }

  /** Nothing runs, no alerts, no audit: for tests of reconciling alone. */
  public static RuntimeServices none() {
    return new RuntimeServices(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        AlertSink.none(),
        Optional.empty());
  }

  /** What controllers observe of the runs this runtime keeps, at {@code now}. */
  public ReconcileContext context(
      Instant now, ReconcileContext.Runtime runtime, ResourceLookup lookup) {
    return new ReconcileContext(
        now,
        runtime,
        lookup,
        ledger(),
        drillLedger(),
        migrations.map(RunService::ledger).orElse(RunLedger.none()),
        replays.map(RunService::ledger).orElse(RunLedger.none()),
        verifies.map(RunService::ledger).orElse(RunLedger.none()));
  }

  /**
   * Ends the runs of {@code resource} that a process which died left unfinished (a backup job as
   * canceled, a drill or a verify as failed, a migration as interrupted), so they never block its
   * cadence, and cancels the running job of a suspended policy. Runtimes call it before each
   * reconcile of the resource; the ledgers controllers read never write.
   */
  public void recoverAbandoned(Resource<?, ?> resource) {
    RunKey key = new RunKey(namespaceOf(resource), resource.getRef().name());
    if (resource instanceof RestoreDrill) {
      drills.ifPresent(d -> d.executor().recoverAbandoned(key));
    } else if (resource instanceof BackupPolicy policy) {
      jobs.ifPresent(j -> j.executor().recoverAbandoned(key));
      verifies.ifPresent(v -> v.executor().recoverAbandoned(key));
      if (policy.getSpec() != null && Boolean.TRUE.equals(policy.getSpec().getSuspend())) {
        jobs.ifPresent(j -> cancelRunning(j.executor(), key, "spec.suspend is true"));
      }
    } else if (resource instanceof MigrationPlan) {
      migrations.ifPresent(m -> m.executor().recoverAbandoned(key));
    }
  }

  private static void cancelRunning(RunExecutor<?, ?> executor, RunKey key, String why) {
    if (executor.cancel(key, why)) {
      LOG.info("{}: canceled the running job: {}", key, why);
    }
  }

  /** The job history controllers read. */
  public JobLedger ledger() {
    return jobs.map(RunService::ledger).orElse(JobLedger.none());
  }

  /** The drill history controllers read. */
  public DrillLedger drillLedger() {
    return drills.map(RunService::ledger).orElse(DrillLedger.none());
  }

  /**
   * Sends the alerts {@link AlertPolicy} finds in a status change of {@code subject}: a condition
   * turning bad, or recovering. Runtimes call it for every decision they store (a controller's, or
   * their own for invalid, deleted and failed resources), with the stored status as {@code before}.
   *
   * @return the alerts sent, for the runtime's own log
   */
  public List<Alert> alert(
      AlertPolicy.Subject subject, ResourceStatus before, ResourceStatus after, Instant now) {
    List<Alert> raised = AlertPolicy.between(subject, before, after, now);
    raised.forEach(alerts::send);
    return raised;
  }

  /** The alert subject of a resource: its kind, namespace, name and own webhook URL. */
  public static AlertPolicy.Subject subjectOf(Resource<?, ?> resource, String kind) {
    return new AlertPolicy.Subject(
        kind, namespaceOf(resource), resource.getRef().name(), webhookOf(resource));
  }

  /**
   * Carries out the actions of one reconcile of {@code resource}: jobs to start, audit lines.
   * Condition transitions are not alerted here: runtimes log them, record Events, and alert through
   * {@link #alert}, which compares whole statuses. {@code reconcileAgain} runs when a started job
   * or drill has ended; {@code lookup} finds a drill's policy.
   */
  public void carryOut(
      Resource<?, ?> resource,
      String kind,
      List<Action> actions,
      Instant now,
      ResourceLookup lookup,
      Runnable reconcileAgain) {
    Optional<String> namespace = namespaceOf(resource);
    String name = resource.getRef().name();
    for (Action action : actions) {
      if (action instanceof StartBackupJob start) {
        if (!(resource instanceof BackupPolicy policy)) {
          LOG.error("{}/{}: only a BackupPolicy starts backup jobs; ignored {}", kind, name, start);
        } else if (jobs.isEmpty()) {
          LOG.info(
              "{}/{}: a {} job is due, but this runtime runs no jobs",
              kind,
              name,
              start.order().type());
        } else {
          jobs.get()
              .executor()
              .submit(
                  new RunKey(namespace, name),
                  new JobRequest(policy, start.order()),
                  reconcileAgain)
              .flatMap(started -> started.record())
              .ifPresent(
                  job ->
                      LOG.info(
                          "{}/{}: started {} job {} ({}, attempt {})",
                          kind,
                          name,
                          job.requestedType(),
                          job.jobId(),
                          job.trigger().name().toLowerCase(java.util.Locale.ROOT),
                          job.attempt()));
        }
      } else if (action instanceof StartVerify start) {
        if (!(resource instanceof BackupPolicy policy)) {
          LOG.error("{}/{}: only a BackupPolicy starts verifies; ignored {}", kind, name, start);
        } else if (verifies.isEmpty()) {
          LOG.info(
              "{}/{}: a verify is due ({}), but this runtime runs no verifies",
              kind,
              name,
              start.trigger());
        } else {
          try {
            verifies
                .get()
                .executor()
                .submit(
                    new RunKey(namespace, name),
                    new VerifyOrder(policy, start.trigger()),
                    reconcileAgain)
                .flatMap(started -> started.record())
                .ifPresent(
                    run ->
                        LOG.info(
                            "{}/{}: started verify {} ({})",
                            kind,
                            name,
                            run.runId(),
                            start.trigger()));
          } catch (RuntimeException e) {
            LOG.error("BackupPolicy/{}: cannot record a new verify run: {}", name, e.getMessage());
          }
        }
      } else if (action instanceof StartReplay start) {
        startReplay(resource, kind, namespace, start, lookup, reconcileAgain);
      } else if (action instanceof StartMigration start) {
        startMigration(resource, kind, namespace, start, lookup, reconcileAgain);
      } else if (action instanceof StartDrill start) {
        startDrill(resource, kind, namespace, start, lookup, reconcileAgain);
      } else if (action instanceof AppendAudit append) {
        audit.ifPresent(
            log ->
                log.append(
                    new AuditEvent(
                        now,
                        append.event(),
                        kind,
                        namespace.orElse(null),
                        name,
                        null,
                        "controller",
                        "controller",
                        null,
                        append.details())));
      }
    }
  }

  /**
   * Stops replays, migrations and drills, then cancels running jobs and waits for them to record
   * it.
   */
  @Override
  public void close() {
    replays.ifPresent(RunService::close);
    verifies.ifPresent(RunService::close);
    migrations.ifPresent(RunService::close);
    drills.ifPresent(RunService::close);
    jobs.ifPresent(RunService::close);
  }

  private void startReplay(
      Resource<?, ?> resource,
      String kind,
      Optional<String> namespace,
      StartReplay start,
      ResourceLookup lookup,
      Runnable reconcileAgain) {
    String name = resource.getRef().name();
    if (!(resource instanceof ReplayPlan plan)) {
      LOG.error("{}/{}: only a ReplayPlan starts replays; ignored {}", kind, name, start);
      return;
    }
    if (replays.isEmpty()) {
      LOG.info("{}/{}: a replay run is due, but this runtime runs no replays", kind, name);
      return;
    }
    String policyRef = plan.getSpec().getPolicyRef();
    Optional<BackupPolicy> policy =
        policyRef == null || policyRef.isBlank()
            ? Optional.empty()
            : lookup.backupPolicy(namespace.orElse(null), policyRef);
    if (policyRef != null && !policyRef.isBlank() && policy.isEmpty()) {
      LOG.warn(
          "{}/{}: a replay run is due but BackupPolicy {} is not served; not started",
          kind,
          name,
          policyRef);
      return;
    }
    if (replays
        .get()
        .executor()
        .submit(
            new RunKey(namespace, name),
            ReplayRequest.controller(plan, policy, start.generation()),
            reconcileAgain)
        .isPresent()) {
      LOG.info("{}/{}: started the replay of generation {}", kind, name, start.generation());
    }
  }

  private void startMigration(
      Resource<?, ?> resource,
      String kind,
      Optional<String> namespace,
      StartMigration start,
      ResourceLookup lookup,
      Runnable reconcileAgain) {
    String name = resource.getRef().name();
    if (!(resource instanceof MigrationPlan plan)) {
      LOG.error("{}/{}: only a MigrationPlan starts migrations; ignored {}", kind, name, start);
      return;
    }
    if (migrations.isEmpty()) {
      LOG.info("{}/{}: a migration run is due, but this runtime runs no migrations", kind, name);
      return;
    }
    Optional<BackupPolicy> policy =
        lookup.backupPolicy(namespace.orElse(null), plan.getSpec().getPolicyRef());
    if (policy.isEmpty()) {
      LOG.warn(
          "{}/{}: a migration run is due but BackupPolicy {} is not served; not started",
          kind,
          name,
          plan.getSpec().getPolicyRef());
      return;
    }
    if (migrations
        .get()
        .executor()
        .submit(
            new RunKey(namespace, name),
            MigrationRequest.controller(plan, policy.get(), namespace, start.generation()),
            reconcileAgain)
        .isPresent()) {
      LOG.info("{}/{}: started the migration of generation {}", kind, name, start.generation());
    }
  }

  private void startDrill(
      Resource<?, ?> resource,
      String kind,
      Optional<String> namespace,
      StartDrill start,
      ResourceLookup lookup,
      Runnable reconcileAgain) {
    String name = resource.getRef().name();
    if (!(resource instanceof RestoreDrill drill)) {
      LOG.error("{}/{}: only a RestoreDrill starts drills; ignored {}", kind, name, start);
      return;
    }
    if (drills.isEmpty()) {
      // Only tools and tests that reconcile without running drills get here, on every pass.
      LOG.debug("{}/{}: a drill run is due, but this runtime runs no drills", kind, name);
      return;
    }
    Optional<BackupPolicy> policy =
        lookup.backupPolicy(namespace.orElse(null), drill.getSpec().getPolicyRef());
    if (policy.isEmpty()) {
      LOG.warn(
          "{}/{}: a drill run is due but BackupPolicy {} is not served; not started",
          kind,
          name,
          drill.getSpec().getPolicyRef());
      return;
    }
    try {
      drills
          .get()
          .executor()
          .submit(
              new RunKey(namespace, name),
              new DrillRequest(drill, policy.get(), start.trigger()),
              reconcileAgain)
          .flatMap(started -> started.record())
          .ifPresent(
              run ->
                  LOG.info(
                      "{}/{}: started drill run {} ({})",
                      kind,
                      name,
                      run.runId(),
                      start.trigger()));
    } catch (RuntimeException e) {
      LOG.error("RestoreDrill/{}: cannot record a new run: {}", name, e.getMessage());
    }
  }

  private static Optional<String> namespaceOf(Resource<?, ?> resource) {
    return Optional.ofNullable(resource.getRef().namespace()).filter(n -> !n.isBlank());
  }

  /** A policy's own {@code spec.webhookUrl}, if it has one. */
  public static Optional<String> webhookOf(Resource<?, ?> resource) {
    if (resource instanceof BackupPolicy policy && policy.getSpec() != null) {
      return Optional.ofNullable(policy.getSpec().getWebhookUrl()).filter(url -> !url.isBlank());
    }
    return Optional.empty();
  }
}
