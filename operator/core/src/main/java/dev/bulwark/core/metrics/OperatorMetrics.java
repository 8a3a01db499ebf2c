package dev.bulwark.core.metrics;

import dev.bulwark.core.alerts.AlertSink;
import dev.bulwark.engine.backup.BackupResult.DomainTotals;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator's Prometheus metrics (R23), named and labelled as docs/metrics.md describes.
 * Runtimes record job outcomes and policy facts here and serve {@link #scrape()} on {@code
 * /metrics}. Thread-safe.
 */
public final class OperatorMetrics implements AutoCloseable {
  // Micrometer names; the Prometheus registry renders them as bulwark_backup_runs_total etc.
  static final String BACKUP_RUNS = "bulwark.backup.runs";
  static final String BACKUP_DURATION = "bulwark.backup.duration";
  static final String BACKUP_LAST_SUCCESS = "bulwark.backup.last.success.timestamp.seconds";
  static final String SNAPSHOT_BYTES = "bulwark.backup.snapshot.bytes";
  static final String SNAPSHOT_FILES = "bulwark.backup.snapshot.files";
  static final String CONSECUTIVE_FAILURES = "bulwark.backup.consecutive.failures";
  static final String DATA_AGE = "bulwark.backup.data.age.seconds";
  static final String RESTORE_RUNS = "bulwark.restore.runs";
  static final String RESTORE_DURATION = "bulwark.restore.duration";
  static final String DRILL_RPO = "bulwark.drill.actual.rpo.seconds";
  static final String DRILL_RTO = "bulwark.drill.actual.rto.seconds";
  static final String ALERTS = "bulwark.alerts";

  /** Histogram buckets for backups and restores: seconds for the demo, up to R25's 90 minutes. */
  private static final Duration[] DURATION_BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(15),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(30),
    Duration.ofMinutes(60),
    Duration.ofMinutes(90),
    Duration.ofHours(3)
  };

  private final PrometheusMeterRegistry registry;
  private final List<AutoCloseable> binders;
  private final SettableGauges lastSuccess;
  private final SettableGauges snapshotBytes;
  private final SettableGauges snapshotFiles;
  private final SettableGauges consecutiveFailures;
  private final SettableGauges dataAge;
  private final SettableGauges drillRpo;
  private final SettableGauges drillRto;

  /** Metrics recorded into {@code registry}; no JVM metrics are bound. */
  public OperatorMetrics(PrometheusMeterRegistry registry) {
    this(registry, List.of());
  }

  private OperatorMetrics(PrometheusMeterRegistry registry, List<AutoCloseable> binders) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.binders = binders;
    lastSuccess =
        new SettableGauges(
            registry,
            BACKUP_LAST_SUCCESS,
            "Unix time when the policy's newest successful backup finished",
            "policy");
    snapshotBytes =
        new SettableGauges(
            registry,
            SNAPSHOT_BYTES,
            "Bytes per data domain in the policy's newest successful snapshot",
            "policy",
            "domain");
    snapshotFiles =
        new SettableGauges(
            registry,
            SNAPSHOT_FILES,
            "Files (objects) per data domain in the policy's newest successful snapshot",
            "policy",
            "domain");
    consecutiveFailures =
        new SettableGauges(
            registry,
            CONSECUTIVE_FAILURES,
            "Backup jobs of the policy that failed in a row since its last success",
            "policy");
    dataAge =
        new SettableGauges(
            registry,
            DATA_AGE,
            "Now minus the time of the policy's newest successful snapshot, at the scrape",
            "policy");
    drillRpo =
        new SettableGauges(
            registry,
            DRILL_RPO,
            "Data loss window measured by the newest successful restore: its snapshot's age",
            "policy",
            "level");
    drillRto =
        new SettableGauges(
            registry,
            DRILL_RTO,
            "Time to restore measured by the newest successful restore",
            "policy",
            "level");
  }

  /** A Prometheus registry with JVM and process metrics bound, ready to serve. */
  public static OperatorMetrics prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return new OperatorMetrics(registry, List.of(gc));
  }

  /** The registry, for runtimes that add meters of their own. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Every metric in the Prometheus text exposition format 0.0.4. Data ages are computed at this
   * moment from the last-success times, so they keep growing while no backup succeeds.
   */
  public String scrape() {
    double now = epochSeconds(Instant.now());
    lastSuccess.forEach((labels, finished) -> {
      if (!Double.isNaN(finished)) {
        dataAge.set(Math.max(0, now - finished), labels.toArray(String[]::new));
      }
    });
    return registry.scrape();
  }

  /**
   * Records a finished backup job: its run and duration always, and for a success the policy's
   * last-success time and the snapshot's files and bytes per data domain (domains missing from this
   * snapshot are dropped).
   */
  public void backupFinished(BackupOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    String[] tags = {
      "policy", outcome.policy(),
      "type", outcome.type(),
      "target", outcome.target(),
      "result", outcome.result()
    };
    Counter.builder(BACKUP_RUNS)
        .description("Backup jobs that ended, by policy, type, target and result")
        .tags(tags)
        .register(registry)
        .increment();
    Timer.builder(BACKUP_DURATION)
        .description("Wall time of backup jobs, by policy, type, target and result")
        .tags(tags)
        .serviceLevelObjectives(DURATION_BUCKETS)
        .register(registry)
        .record(outcome.duration());
    if (outcome.succeeded()) {
      String policy = outcome.policy();
      lastSuccess.setAtLeast(epochSeconds(outcome.finishedAt()), policy);
      Map<String, DomainTotals> domains = outcome.domains();
      int policyAt = snapshotBytes.indexOf("policy");
      int domainAt = snapshotBytes.indexOf("domain");
      snapshotBytes.removeIf(
          v -> v.get(policyAt).equals(policy) && !domains.containsKey(v.get(domainAt)));
      snapshotFiles.removeIf(
          v -> v.get(policyAt).equals(policy) && !domains.containsKey(v.get(domainAt)));
      domains.forEach(
          (domain, totals) -> {
            snapshotBytes.set(totals.bytes(), policy, domain);
            snapshotFiles.set(totals.files(), policy, domain);
          });
    }
  }

  /**
   * Sets the policy's last-success time from its status, so the gauge (and the alert rules over it)
   * survive an operator restart before the next job finishes. Never moves it backwards.
   */
  public void lastSuccess(String policy, Instant finishedAt) {
    MetricLabels.requireValue(policy, "policy");
    Objects.requireNonNull(finishedAt, "finishedAt");
    lastSuccess.setAtLeast(epochSeconds(finishedAt), policy);
  }

  /** Sets how many backup jobs of the policy failed in a row (0 after a success). */
  public void consecutiveFailures(String policy, int count) {
    MetricLabels.requireValue(policy, "policy");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    consecutiveFailures.set(count, policy);
  }

  /**
   * Sets the policy's data age: now minus its newest successful snapshot (negative counts as 0).
   */
  public void dataAge(String policy, Duration age) {
    MetricLabels.requireValue(policy, "policy");
    Objects.requireNonNull(age, "age");
    dataAge.set(MetricLabels.seconds(age.isNegative() ? Duration.ZERO : age), policy);
  }

  /**
   * Records a finished restore or drill; for a success, also the measured RTO (its duration) and,
   * when known, the RPO (the restored snapshot's age) as the policy's drill gauges.
   *
   * @param level {@code L1}, {@code L2}, {@code L3} for drills, {@code manual} for CLI restores
   * @param result {@code success}, {@code failed} or {@code canceled}
   */
  public void restoreFinished(
      String policy, String level, String result, Duration rto, Optional<Duration> rpo) {
    MetricLabels.requireValue(policy, "policy");
    MetricLabels.requireValue(level, "level");
    if (!BackupOutcome.RESULTS.contains(result)) {
      throw new IllegalArgumentException(
          "result '" + result + "' is not one of " + MetricLabels.sorted(BackupOutcome.RESULTS));
    }
    MetricLabels.requireNonNegative(rto, "rto");
    Objects.requireNonNull(rpo, "rpo");
    String[] tags = {"policy", policy, "level", level, "result", result};
    Counter.builder(RESTORE_RUNS)
        .description("Restores and drills that ended, by policy, level and result")
        .tags(tags)
        .register(registry)
        .increment();
    Timer.builder(RESTORE_DURATION)
        .description("Wall time of restores and drills, by policy, level and result")
        .tags(tags)
        .serviceLevelObjectives(DURATION_BUCKETS)
        .register(registry)
        .record(rto);
    if (BackupOutcome.SUCCESS.equals(result)) {
      drillRto.set(MetricLabels.seconds(rto), policy, level);
      rpo.ifPresent(
          value ->
              drillRpo.set(
                  MetricLabels.seconds(MetricLabels.requireNonNegative(value, "rpo")),
                  policy,
                  level));
    }
  }

  /** Counts one alert raised for a condition transition to {@code status}. */
  public void alertSent(String condition, String status) {
    MetricLabels.requireValue(condition, "condition");
    MetricLabels.requireValue(status, "status");
    Counter.builder(ALERTS)
        .description("Alerts raised for condition transitions, by condition and new status")
        .tags("condition", condition, "status", status)
        .register(registry)
        .increment();
  }

  /** An alert sink that counts every alert it is given with {@link #alertSent}. */
  public AlertSink alertCounter() {
    return alert -> alertSent(alert.type(), alert.status());
  }

  /** Drops every series of a policy that no longer exists, so dashboards stop showing it. */
  public void policyRemoved(String policy) {
    MetricLabels.requireValue(policy, "policy");
    for (String name : List.of(BACKUP_RUNS, BACKUP_DURATION, RESTORE_RUNS, RESTORE_DURATION)) {
      registry.find(name).tag("policy", policy).meters().forEach(registry::remove);
    }
    for (SettableGauges gauges :
        List.of(
            lastSuccess,
            snapshotBytes,
            snapshotFiles,
            consecutiveFailures,
            dataAge,
            drillRpo,
            drillRto)) {
      int policyAt = gauges.indexOf("policy");
      gauges.removeIf(values -> values.get(policyAt).equals(policy));
    }
  }

  /** Releases the JVM listeners bound by {@link #prometheus()} and closes the registry. */
  @Override
  public void close() {
    for (AutoCloseable binder : binders) {
      try {
        binder.close();
      } catch (Exception e) {
        // Closing only unregisters JMX listeners; nothing to recover at shutdown.
      }
    }
    registry.close();
  }

  private static double epochSeconds(Instant instant) {
    return instant.toEpochMilli() / 1000.0;
  }
}
