package dev.bulwark.cli;

import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.alerts.AlertSinks;
import dev.bulwark.core.alerts.LoggingAlertSink;
import dev.bulwark.core.alerts.WebhookAlertSink;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.drills.BackgroundDrills;
import dev.bulwark.core.drills.DrillRunner;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobExecutor;
import dev.bulwark.core.jobs.JobLedger;
import dev.bulwark.core.jobs.JobState;
import dev.bulwark.core.jobs.JobStore;
import dev.bulwark.core.jobs.JobOutcome;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.metrics.BackupOutcome;
import dev.bulwark.core.migration.MigrationExecutor;
import dev.bulwark.core.migration.MigrationRunner;
import dev.bulwark.core.replay.ReplayExecutor;
import dev.bulwark.core.replay.ReplayRunner;
import dev.bulwark.core.metrics.OperatorMetrics;
import dev.bulwark.core.metrics.VerifyMetrics;
import dev.bulwark.core.verify.BackgroundVerifies;
import dev.bulwark.core.verify.VerifyRunner;
import dev.bulwark.core.reconcile.RuntimeServices;
import dev.bulwark.core.secrets.LocalSecrets;
import dev.bulwark.core.secrets.SecretResolver;
import dev.bulwark.core.RecordFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Wires what both long-running commands ({@code run} and {@code operator}) serve besides the
 * controllers: the job executor on every target this executable opens, bucket lifecycles, the
 * drill, migration and replay executors, metrics fed by finished jobs and drills, alerts to the log and the webhook, and
 * the audit trail.
 */
final class OperatorServices implements AutoCloseable {
  /** Jobs of different policies that may run at once; one per policy at most. */
  private static final int JOB_THREADS = 2;
  /** Drills restore into sandboxes and may load a database: one at a time is gentle on the host. */
  private static final int DRILL_THREADS = 1;

  private final OperatorMetrics metrics;
  private final WebhookAlertSink webhook;
  private final RuntimeServices runtime;

  private OperatorServices(OperatorMetrics metrics, WebhookAlertSink webhook, RuntimeServices runtime) {
    this.metrics = metrics;
    this.webhook = webhook;
    this.runtime = runtime;
  }

  /** Services keeping their files under {@code stateDirectory}, configured from the process environment. */
  static OperatorServices start(Path stateDirectory) {
    return start(stateDirectory, Optional.empty());
  }

  /**
   * Like {@link #start(Path)}; on Kubernetes, {@code clusterSecrets} wraps the process's own
   * secrets (env, files) with Secrets read by reference through the API.
   */
  static OperatorServices start(Path stateDirectory, Optional<Function<SecretResolver, SecretResolver>> clusterSecrets) {
    Map<String, String> env = System.getenv();
    Environment environment = Environment.of(env);
    SecretResolver secrets =
        clusterSecrets.map(wrap -> wrap.apply(new LocalSecrets(environment))).orElse(new LocalSecrets(environment));
    OperatorMetrics metrics = OperatorMetrics.prometheus();
    StatePaths paths = new StatePaths(stateDirectory);
    BackupJobRunner runner =
        BackupJobRunner.builder(repositories(stateDirectory, env, environment, secrets), environment, paths)
            .lifecycle(new CloudTargetLifecycle(
                repositories(stateDirectory, env, environment, secrets), environment, Optional.empty(), Clock.systemUTC()))
            .listener(outcome -> record(metrics, new JobStore(paths), outcome))
            .toolVersion(BulwarkVersion.current())
            .build();
    DrillRunner drillRunner =
        DrillRunner.builder(repositories(stateDirectory, env, environment, secrets), environment, paths)
            .build();
    seedFromHistory(metrics, paths);
    WebhookAlertSink webhook = WebhookAlertSink.fromEnvironment(environment);
    // Migrations take their pre-migration snapshot through the same job runner, so they share the
    // policy's job lock with scheduled backups.
    MigrationRunner migrationRunner =
        MigrationRunner.builder(runner, repositories(stateDirectory, env, environment, secrets), stateDirectory)
            .build();
    RuntimeServices runtime =
        RuntimeServices.of(
            new JobExecutor(runner, JOB_THREADS),
            new MeteredDrills(new BackgroundDrills(drillRunner, DRILL_THREADS), metrics),
            new MigrationExecutor(migrationRunner, Clock.systemUTC()),
            new ReplayExecutor(ReplayRunner.builder(stateDirectory)
                .repositories(repositories(stateDirectory, env, environment, secrets))
                .build()),
            AlertSinks.all(new LoggingAlertSink(), webhook, metrics.alertCounter()),
            new AuditLog(paths.auditLog()))
        .withVerifies(verifies(stateDirectory, env, environment, secrets, paths, metrics));
    return new OperatorServices(metrics, webhook, runtime);
  }

  /**
   * Gives the gauges their values from the job records a previous process left, so after a
   * restart the last-success time (and the stale-backup alert over it) is right before the next job.
   */
  private static void seedFromHistory(OperatorMetrics metrics, StatePaths paths) {
    Path jobs = paths.root().resolve("jobs");
    if (!Files.isDirectory(jobs)) {
      return;
    }
    RecordFolder<JobRecord> folder = new RecordFolder<>(JobRecord.class, "job record");
    try (Stream<Path> dirs = Files.walk(jobs, 2)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        List<JobRecord> recent = folder.newest(dir, JobLedger.WINDOW);
        if (recent.isEmpty()) {
          continue;
        }
        String policy = recent.get(0).policy();
        recent.stream().filter(r -> r.state() == JobState.SUCCESS && r.finishedAt() != null).findFirst()
            .ifPresent(r -> metrics.lastSuccess(policy, r.finishedAt()));
        metrics.consecutiveFailures(policy, failureStreak(recent));
      }
    } catch (IOException | UncheckedIOException e) {
      // Metrics only: the next finished job sets them anyway.
    }
  }

  private static int failureStreak(List<JobRecord> newestFirst) {
    int failures = 0;
    for (JobRecord r : newestFirst) {
      if (r.state() == JobState.SUCCESS) {
        break;
      }
      failures += r.state() == JobState.FAILED ? 1 : 0;
    }
    return failures;
  }

  /** Periodic verifies, one at a time: a read-data verify reads a cycle's packs back from the target. */
  private static BackgroundVerifies verifies(Path stateDirectory, Map<String, String> env, Environment environment,
      SecretResolver secrets, StatePaths paths, OperatorMetrics metrics) {
    VerifyMetrics verifyMetrics = new VerifyMetrics(metrics.registry());
    return new BackgroundVerifies(
        new VerifyRunner(repositories(stateDirectory, env, environment, secrets), paths, Clock.systemUTC(),
            verifyMetrics::verifyFinished),
        1);
  }

  private static PolicyRepositories repositories(
      Path stateDirectory, Map<String, String> env, Environment environment, SecretResolver secrets) {
    return new PolicyRepositories(environment, TargetOpeners.all(stateDirectory, env), Clock.systemUTC(), secrets);
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

  private static void record(OperatorMetrics metrics, JobStore store, JobOutcome outcome) {
    JobRecord job = outcome.record();
    metrics.consecutiveFailures(
        job.policy(), failureStreak(store.recent(Optional.ofNullable(job.namespace()), job.policy(), JobLedger.WINDOW)));
    Duration took = Duration.between(job.beganAt(), job.finishedAt() == null ? job.beganAt() : job.finishedAt());
    metrics.backupFinished(new BackupOutcome(
        job.policy(), job.effectiveType(), job.target() == null ? "none" : job.target(),
        job.state().name().toLowerCase(java.util.Locale.ROOT), took, job.finishedAt(),
        outcome.result().map(r -> r.domains()).orElse(Map.of())));
  }
}
