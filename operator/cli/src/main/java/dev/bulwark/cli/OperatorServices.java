package dev.bulwark.cli;

import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.alerts.AlertSinks;
import dev.bulwark.core.alerts.LoggingAlertSink;
import dev.bulwark.core.alerts.WebhookAlertSink;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.drills.DrillLedger;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.drills.DrillRequest;
import dev.bulwark.core.drills.DrillRunner;
import dev.bulwark.core.drills.DrillRuns;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobLedger;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobRequest;
import dev.bulwark.core.jobs.JobRuns;
import dev.bulwark.core.metrics.OperatorMetrics;
import dev.bulwark.core.metrics.VerifyMetrics;
import dev.bulwark.core.migration.MigrationRunner;
import dev.bulwark.core.migration.MigrationRuns;
import dev.bulwark.core.reconcile.RuntimeServices;
import dev.bulwark.core.replay.ReplayRunner;
import dev.bulwark.core.replay.ReplayRuns;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.runs.RunService;
import dev.bulwark.core.secrets.LocalSecrets;
import dev.bulwark.core.secrets.SecretResolver;
import dev.bulwark.core.verify.VerifyOrder;
import dev.bulwark.core.verify.VerifyRecord;
import dev.bulwark.core.verify.VerifyRunner;
import dev.bulwark.core.verify.VerifyRuns;
import dev.bulwark.targets.lifecycle.CloudTargetLifecycle;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Wires what both long-running commands ({@code run} and {@code operator}) serve besides the
 * controllers: the job executor on every target this executable opens, bucket lifecycles, the
 * drill, migration and replay executors, alerts to the log and the webhook, and the audit trail.
 * The metrics registry is here too; the runtime feeds it at each scrape from what it serves ({@link
 * dev.bulwark.core.metrics.MetricsFeed}), so runs started by any process count alike.
 */
final class OperatorServices implements AutoCloseable {
  /** Jobs of different policies that may run at once; one per policy at most. */
  private static final int JOB_THREADS = 2;

  /** Drills restore into sandboxes and may load a database: one at a time is gentle on the host. */
  private static final int DRILL_THREADS = 1;

  private final OperatorMetrics metrics;
  private final WebhookAlertSink webhook;
  private final RuntimeServices runtime;

  private OperatorServices(
      OperatorMetrics metrics, WebhookAlertSink webhook, RuntimeServices runtime) {
    this.metrics = metrics;
    this.webhook = webhook;
    this.runtime = runtime;
  }

  /**
   * Services keeping their files under {@code stateDirectory}, configured from the process
   * environment.
   */
  static OperatorServices start(Path stateDirectory) {
    return start(stateDirectory, Optional.empty());
  }

  /**
   * Like {@link #start(Path)}; on Kubernetes, {@code clusterSecrets} wraps the process's own
   * secrets (env, files) with Secrets read by reference through the API.
   */
  static OperatorServices start(
      Path stateDirectory, Optional<Function<SecretResolver, SecretResolver>> clusterSecrets) {
    return start(stateDirectory, clusterSecrets, Optional.empty());
  }

  /**
   * Like {@link #start(Path, Optional)}; on Kubernetes, {@code cluster} also runs the backups and
   * drills of policies that name claims as Jobs.
   */
  static OperatorServices start(
      Path stateDirectory,
      Optional<Function<SecretResolver, SecretResolver>> clusterSecrets,
      Optional<ClusterRuns> cluster) {
    Map<String, String> env = System.getenv();
    Environment environment = Environment.of(env);
    SecretResolver secrets =
        clusterSecrets
            .map(wrap -> wrap.apply(new LocalSecrets(environment)))
            .orElse(new LocalSecrets(environment));
    OperatorMetrics metrics = OperatorMetrics.prometheus();
    StatePaths paths = new StatePaths(stateDirectory);
    // One binding of policies to targets for the whole process: every runner opens repositories
    // through the same openers, secrets and clock.
    PolicyRepositories repositories =
        new PolicyRepositories(
            environment, TargetOpeners.all(stateDirectory, env), Clock.systemUTC(), secrets);
    BackupJobRunner runner =
        BackupJobRunner.builder(repositories, environment, paths)
            .lifecycle(
                new CloudTargetLifecycle(
                    repositories, environment, Optional.empty(), Clock.systemUTC()))
            .toolVersion(BulwarkVersion.current())
            .build();
    DrillRunner drillRunner = DrillRunner.builder(repositories, environment, paths).build();
    WebhookAlertSink webhook = WebhookAlertSink.fromEnvironment(environment);
    // Migrations take their pre-migration snapshot through the same job runner, so they share the
    // policy's job lock with scheduled backups.
    MigrationRunner migrationRunner =
        MigrationRunner.builder(runner, repositories, stateDirectory).build();
    RuntimeServices runtime =
        RuntimeServices.of(
                cluster
                    .map(c -> c.jobs(runner, JobRuns.inProcess(runner, JOB_THREADS)))
                    .orElseGet(() -> JobRuns.inProcess(runner, JOB_THREADS)),
                cluster
                    .map(
                        c -> c.drills(drillRunner, DrillRuns.inProcess(drillRunner, DRILL_THREADS)))
                    .orElseGet(() -> DrillRuns.inProcess(drillRunner, DRILL_THREADS)),
                MigrationRuns.inProcess(migrationRunner),
                ReplayRuns.inProcess(
                    ReplayRunner.builder(stateDirectory).repositories(repositories).build()),
                AlertSinks.all(new LoggingAlertSink(), webhook, metrics.alertCounter()),
                new AuditLog(paths.auditLog()))
            .withVerifies(verifies(repositories, paths, metrics));
    return new OperatorServices(metrics, webhook, runtime);
  }

  /**
   * Periodic verifies, one at a time: a read-data verify reads a cycle's packs back from the
   * target.
   */
  private static RunService<VerifyOrder, VerifyRecord, RunLedger<VerifyRecord>> verifies(
      PolicyRepositories repositories, StatePaths paths, OperatorMetrics metrics) {
    VerifyMetrics verifyMetrics = new VerifyMetrics(metrics.registry());
    return VerifyRuns.inProcess(
        new VerifyRunner(repositories, paths, Clock.systemUTC(), verifyMetrics::verifyFinished), 1);
  }

  /** Where a cluster runs some backups and drills instead of this process (Kubernetes Jobs). */
  interface ClusterRuns {
    /** Backup jobs, from the in-process service of {@code runner}. */
    RunService<JobRequest, JobRecord, JobLedger> jobs(
        BackupJobRunner runner, RunService<JobRequest, JobRecord, JobLedger> inProcess);

    /** Drills, from the in-process service of {@code runner}. */
    RunService<DrillRequest, DrillRecord, DrillLedger> drills(
        DrillRunner runner, RunService<DrillRequest, DrillRecord, DrillLedger> inProcess);
  }

  /** What the runtime carries actions out with. */
  RuntimeServices runtime() {
    return runtime;
  }

  /** The metrics /metrics serves. */
  OperatorMetrics metrics() {
    return metrics;
  }

  /** Cancels running jobs (they record it), then stops alert delivery. */
  @Override
  public void close() {
    runtime.close();
    webhook.close();
    metrics.close();
  }
}
