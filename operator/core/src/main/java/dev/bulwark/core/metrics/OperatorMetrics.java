package dev.bulwark.core.metrics;

import dev.bulwark.api.common.Condition;
import dev.bulwark.core.alerts.AlertSink;
import dev.bulwark.core.overview.ResourceView;
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
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
  static final String FRESHNESS_LIMIT = "bulwark.backup.freshness.limit.seconds";
  static final String DRILL_RPO_OBJECTIVE = "bulwark.drill.objective.rpo.seconds";
  static final String DRILL_RTO_OBJECTIVE = "bulwark.drill.objective.rto.seconds";
  static final String RESOURCE_CONDITION = "bulwark.resource.condition";
  static final String GATE_OPEN = "bulwark.gate.open";
  static final String GATE_EVALUATED = "bulwark.gate.evaluated.timestamp.seconds";
  static final String GATE_REASONS = "bulwark.gate.blocking.reasons";
  static final String MIGRATION_RUNS = "bulwark.migration.runs";
  static final String MIGRATION_LAST_RUN = "bulwark.migration.last.run.timestamp.seconds";
  static final String MIGRATION_LAST_SUCCESS = "bulwark.migration.last.run.success";
  static final String MIGRATION_LAST_OBJECTS = "bulwark.migration.last.run.objects";
  static final String REPLAY_RUNS = "bulwark.replay.runs";
  static final String REPLAY_LAST_RUN = "bulwark.replay.last.run.timestamp.seconds";
  static final String REPLAY_LAST_SUCCESS = "bulwark.replay.last.run.success";
  static final String REPLAY_LAST_PARTITIONS = "bulwark.replay.last.run.partitions";

  /** Values of {@code bulwark_resource_condition}: a condition's status as a number. */
  static final double TRUE = 1;

  static final double FALSE = 0;
  static final double UNKNOWN = -1;

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
  private final SettableGauges freshnessLimit;
  private final SettableGauges drillRpoObjective;
  private final SettableGauges drillRtoObjective;
  private final SettableGauges resourceConditions;
  private final SettableGauges gateOpen;
  private final SettableGauges gateEvaluated;
  private final SettableGauges gateReasons;
  private final SettableGauges migrationLastRun;
  private final SettableGauges migrationLastSuccess;
  private final SettableGauges migrationLastObjects;
  private final SettableGauges replayLastRun;
  private final SettableGauges replayLastSuccess;
  private final SettableGauges replayLastPartitions;

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
            "namespace",
            "policy");
    snapshotBytes =
        new SettableGauges(
            registry,
            SNAPSHOT_BYTES,
            "Bytes per data domain in the policy's newest successful snapshot",
            "namespace",
            "policy",
            "domain");
    snapshotFiles =
        new SettableGauges(
            registry,
            SNAPSHOT_FILES,
            "Files (objects) per data domain in the policy's newest successful snapshot",
            "namespace",
            "policy",
            "domain");
    consecutiveFailures =
        new SettableGauges(
            registry,
            CONSECUTIVE_FAILURES,
            "Backup jobs of the policy that failed in a row since its last success",
            "namespace",
            "policy");
    dataAge =
        new SettableGauges(
            registry,
            DATA_AGE,
            "Now minus the time of the policy's newest successful snapshot, at the scrape",
            "namespace",
            "policy");
    drillRpo =
        new SettableGauges(
            registry,
            DRILL_RPO,
            "Data loss window measured by the newest successful restore: its snapshot's age",
            "namespace",
            "policy",
            "level");
    drillRto =
        new SettableGauges(
            registry,
            DRILL_RTO,
            "Time to restore measured by the newest successful restore",
            "namespace",
            "policy",
            "level");
    freshnessLimit =
        new SettableGauges(
            registry,
            FRESHNESS_LIMIT,
            "How old the policy's newest successful snapshot may get before it is stale (its Fresh condition)",
            "namespace",
            "policy");
    drillRpoObjective =
        new SettableGauges(
            registry,
            DRILL_RPO_OBJECTIVE,
            "The RPO objective drills of the policy at that level are measured against",
            "namespace",
            "policy",
            "level");
    drillRtoObjective =
        new SettableGauges(
            registry,
            DRILL_RTO_OBJECTIVE,
            "The RTO objective drills of the policy at that level are measured against",
            "namespace",
            "policy",
            "level");
    resourceConditions =
        new SettableGauges(
            registry,
            RESOURCE_CONDITION,
            "Status of each condition of each served resource: 1 True, 0 False, -1 Unknown",
            "kind",
            "namespace",
            "name",
            "condition");
    gateOpen =
        new SettableGauges(
            registry,
            GATE_OPEN,
            "1 when the release gate is open, 0 when it is blocked",
            "namespace");
    gateEvaluated =
        new SettableGauges(
            registry,
            GATE_EVALUATED,
            "Unix time the runtime last evaluated the release gate",
            "namespace");
    gateReasons =
        new SettableGauges(
            registry,
            GATE_REASONS,
            "Reasons the release gate is blocked (0 when open)",
            "namespace");
    migrationLastRun =
        new SettableGauges(
            registry,
            MIGRATION_LAST_RUN,
            "Unix time the plan's newest migration run ended",
            "namespace",
            "plan");
    migrationLastSuccess =
        new SettableGauges(
            registry,
            MIGRATION_LAST_SUCCESS,
            "1 when the plan's newest migration run succeeded, else 0",
            "namespace",
            "plan");
    migrationLastObjects =
        new SettableGauges(
            registry,
            MIGRATION_LAST_OBJECTS,
            "Objects of the plan's newest migration run by outcome: migrated, skipped, failed",
            "namespace",
            "plan",
            "outcome");
    replayLastRun =
        new SettableGauges(
            registry,
            REPLAY_LAST_RUN,
            "Unix time the plan's newest replay run ended",
            "namespace",
            "plan");
    replayLastSuccess =
        new SettableGauges(
            registry,
            REPLAY_LAST_SUCCESS,
            "1 when the plan's newest replay run succeeded, else 0",
            "namespace",
            "plan");
    replayLastPartitions =
        new SettableGauges(
            registry,
            REPLAY_LAST_PARTITIONS,
            "Partitions of the plan's newest replay run by state",
            "namespace",
            "plan",
            "state");
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
    lastSuccess.forEach(
        (labels, finished) -> {
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
      "namespace", outcome.namespace(),
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
      lastSuccess.setAtLeast(
          epochSeconds(outcome.finishedAt()), outcome.namespace(), outcome.policy());
      if (!outcome.domains().isEmpty()) {
        snapshotTotals(outcome.namespace(), outcome.policy(), outcome.domains());
      }
    }
  }

  /**
   * Sets the files and bytes per data domain of the policy's newest successful snapshot; domains
   * missing from {@code domains} are dropped.
   */
  public void snapshotTotals(String namespace, String policy, Map<String, DomainTotals> domains) {
    MetricLabels.requireNamespace(namespace);
    MetricLabels.requireValue(policy, "policy");
    Objects.requireNonNull(domains, "domains");
    int namespaceAt = snapshotBytes.indexOf("namespace");
    int policyAt = snapshotBytes.indexOf("policy");
    int domainAt = snapshotBytes.indexOf("domain");
    snapshotBytes.removeIf(
        v ->
            v.get(namespaceAt).equals(namespace)
                && v.get(policyAt).equals(policy)
                && !domains.containsKey(v.get(domainAt)));
    snapshotFiles.removeIf(
        v ->
            v.get(namespaceAt).equals(namespace)
                && v.get(policyAt).equals(policy)
                && !domains.containsKey(v.get(domainAt)));
    domains.forEach(
        (domain, totals) -> {
          snapshotBytes.set(totals.bytes(), namespace, policy, domain);
          snapshotFiles.set(totals.files(), namespace, policy, domain);
        });
  }

  /** Sets how old the policy's newest successful snapshot may get before it counts as stale. */
  public void freshnessLimit(String namespace, String policy, Duration limit) {
    MetricLabels.requireNamespace(namespace);
    MetricLabels.requireValue(policy, "policy");
    freshnessLimit.set(
        MetricLabels.seconds(MetricLabels.requireNonNegative(limit, "limit")), namespace, policy);
  }

  /**
   * Sets the policy's last-success time from its status, so the gauge (and the alert rules over it)
   * survive an operator restart before the next job finishes. Never moves it backwards.
   */
  public void lastSuccess(String namespace, String policy, Instant finishedAt) {
    MetricLabels.requireNamespace(namespace);
    MetricLabels.requireValue(policy, "policy");
    Objects.requireNonNull(finishedAt, "finishedAt");
    lastSuccess.setAtLeast(epochSeconds(finishedAt), namespace, policy);
  }

  /** Sets how many backup jobs of the policy failed in a row (0 after a success). */
  public void consecutiveFailures(String namespace, String policy, int count) {
    MetricLabels.requireNamespace(namespace);
    MetricLabels.requireValue(policy, "policy");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    consecutiveFailures.set(count, namespace, policy);
  }

  /**
   * Sets the policy's data age: now minus its newest successful snapshot (negative counts as 0).
   */
  public void dataAge(String namespace, String policy, Duration age) {
    MetricLabels.requireNamespace(namespace);
    MetricLabels.requireValue(policy, "policy");
    Objects.requireNonNull(age, "age");
    dataAge.set(MetricLabels.seconds(age.isNegative() ? Duration.ZERO : age), namespace, policy);
  }

  /**
   * Records a finished restore or drill; for a success, also the measured RTO (its duration) and,
   * when known, the RPO (the restored snapshot's age) as the policy's drill gauges.
   *
   * @param level {@code L1}, {@code L2}, {@code L3} for drills, {@code manual} for CLI restores
   * @param result {@code success}, {@code failed} or {@code canceled}
   */
  public void restoreFinished(
      String namespace,
      String policy,
      String level,
      String result,
      Duration rto,
      Optional<Duration> rpo) {
    MetricLabels.requireNamespace(namespace);
    MetricLabels.requireValue(policy, "policy");
    MetricLabels.requireValue(level, "level");
    if (!BackupOutcome.RESULTS.contains(result)) {
      throw new IllegalArgumentException(
          "result '" + result + "' is not one of " + MetricLabels.sorted(BackupOutcome.RESULTS));
    }
    MetricLabels.requireNonNegative(rto, "rto");
    Objects.requireNonNull(rpo, "rpo");
    String[] tags = {"namespace", namespace, "policy", policy, "level", level, "result", result};
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
      drillMeasured(namespace, policy, level, rto, rpo);
    }
  }

  /**
   * Sets the RTO and, when known, the RPO that the newest successful restore or drill of the policy
   * at {@code level} measured, without counting a run: for seeding from the status after a restart.
   */
  public void drillMeasured(
      String namespace, String policy, String level, Duration rto, Optional<Duration> rpo) {
    MetricLabels.requireNamespace(namespace);
    MetricLabels.requireValue(policy, "policy");
    MetricLabels.requireValue(level, "level");
    drillRto.set(
        MetricLabels.seconds(MetricLabels.requireNonNegative(rto, "rto")),
        namespace,
        policy,
        level);
    rpo.ifPresent(
        value ->
            drillRpo.set(
                MetricLabels.seconds(MetricLabels.requireNonNegative(value, "rpo")),
                namespace,
                policy,
                level));
  }

  /**
   * Sets the RPO and RTO objectives the drills of the policy at {@code level} are measured against.
   */
  public void drillObjectives(
      String namespace, String policy, String level, Duration rpo, Duration rto) {
    MetricLabels.requireNamespace(namespace);
    MetricLabels.requireValue(policy, "policy");
    MetricLabels.requireValue(level, "level");
    drillRpoObjective.set(
        MetricLabels.seconds(MetricLabels.requireNonNegative(rpo, "rpo")),
        namespace,
        policy,
        level);
    drillRtoObjective.set(
        MetricLabels.seconds(MetricLabels.requireNonNegative(rto, "rto")),
        namespace,
        policy,
        level);
  }

  /**
   * Replaces the condition gauges with those of {@code resources}: one series per condition of each
   * resource that is not deleted (1 True, 0 False, -1 Unknown), so an invalid resource or a failing
   * drill has a series an alert rule can match. Series of resources no longer listed are dropped.
   */
  public void resourceConditions(Collection<ResourceView> resources) {
    Objects.requireNonNull(resources, "resources");
    Set<List<String>> present = new HashSet<>();
    for (ResourceView resource : resources) {
      if (resource.deleted() || resource.status() == null) {
        continue;
      }
      String namespace = resource.namespace() == null ? "" : resource.namespace();
      for (Condition condition : resource.status().getConditions()) {
        if (condition.getType() == null) {
          continue;
        }
        List<String> labels =
            List.of(resource.kind(), namespace, resource.name(), condition.getType());
        present.add(labels);
        resourceConditions.set(
            conditionValue(condition.getStatus()), labels.toArray(String[]::new));
      }
    }
    resourceConditions.removeIf(labels -> !present.contains(labels));
  }

  private static double conditionValue(String status) {
    if ("True".equals(status)) {
      return TRUE;
    }
    return "False".equals(status) ? FALSE : UNKNOWN;
  }

  /**
   * Sets the release gate's verdict, when it was evaluated and how many reasons block it.
   *
   * @param namespace the namespace it covers, {@code ""} in compose mode
   */
  public void gate(String namespace, boolean open, Instant evaluatedAt, int reasons) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(evaluatedAt, "evaluatedAt");
    gateOpen.set(open ? 1 : 0, namespace);
    gateEvaluated.set(epochSeconds(evaluatedAt), namespace);
    gateReasons.set(reasons, namespace);
  }

  /**
   * Counts a finished migration run.
   *
   * @param mode {@code apply} or {@code dry-run}
   * @param result {@code success} or {@code failed} (a rolled-back run failed)
   */
  public void migrationFinished(String namespace, String plan, String mode, String result) {
    MetricLabels.requireNamespace(namespace);
    MetricLabels.requireValue(plan, "plan");
    MetricLabels.requireValue(mode, "mode");
    MetricLabels.requireValue(result, "result");
    Counter.builder(MIGRATION_RUNS)
        .description("Migration runs that ended, by plan, mode and result")
        .tags("namespace", namespace, "plan", plan, "mode", mode, "result", result)
        .register(registry)
        .increment();
  }

  /** Sets the gauges of the plan's newest finished migration run. */
  public void migrationLastRun(
      String namespace,
      String plan,
      Instant finishedAt,
      boolean succeeded,
      int migrated,
      int skipped,
      int failed) {
    MetricLabels.requireNamespace(namespace);
    MetricLabels.requireValue(plan, "plan");
    Objects.requireNonNull(finishedAt, "finishedAt");
    migrationLastRun.set(epochSeconds(finishedAt), namespace, plan);
    migrationLastSuccess.set(succeeded ? 1 : 0, namespace, plan);
    migrationLastObjects.set(migrated, namespace, plan, "migrated");
    migrationLastObjects.set(skipped, namespace, plan, "skipped");
    migrationLastObjects.set(failed, namespace, plan, "failed");
  }

  /**
   * Counts a finished replay run.
   *
   * @param action {@code apply}, {@code dry-run} or {@code backfill}
   * @param result {@code success} or {@code failed}
   */
  public void replayFinished(String namespace, String plan, String action, String result) {
    MetricLabels.requireNamespace(namespace);
    MetricLabels.requireValue(plan, "plan");
    MetricLabels.requireValue(action, "action");
    MetricLabels.requireValue(result, "result");
    Counter.builder(REPLAY_RUNS)
        .description("Replay runs that ended, by plan, action and result")
        .tags("namespace", namespace, "plan", plan, "action", action, "result", result)
        .register(registry)
        .increment();
  }

  /**
   * Sets the gauges of the plan's newest finished replay run; {@code partitions} counts them by
   * state.
   */
  public void replayLastRun(
      String namespace,
      String plan,
      Instant finishedAt,
      boolean succeeded,
      Map<String, Integer> partitions) {
    MetricLabels.requireNamespace(namespace);
    MetricLabels.requireValue(plan, "plan");
    Objects.requireNonNull(finishedAt, "finishedAt");
    replayLastRun.set(epochSeconds(finishedAt), namespace, plan);
    replayLastSuccess.set(succeeded ? 1 : 0, namespace, plan);
    int namespaceAt = replayLastPartitions.indexOf("namespace");
    int planAt = replayLastPartitions.indexOf("plan");
    int stateAt = replayLastPartitions.indexOf("state");
    replayLastPartitions.removeIf(
        v ->
            v.get(namespaceAt).equals(namespace)
                && v.get(planAt).equals(plan)
                && !partitions.containsKey(v.get(stateAt)));
    partitions.forEach((state, count) -> replayLastPartitions.set(count, namespace, plan, state));
  }

  /** Drops every series of a migration plan that no longer exists. */
  public void migrationPlanRemoved(ResourceKey plan) {
    removeAll(
        plan,
        "plan",
        List.of(MIGRATION_RUNS),
        List.of(migrationLastRun, migrationLastSuccess, migrationLastObjects));
  }

  /** Drops every series of a replay plan that no longer exists. */
  public void replayPlanRemoved(ResourceKey plan) {
    removeAll(
        plan,
        "plan",
        List.of(REPLAY_RUNS),
        List.of(replayLastRun, replayLastSuccess, replayLastPartitions));
  }

  /** The policies that have a series of any per-policy metric. */
  public Set<ResourceKey> policies() {
    return keysOf("policy", List.of(BACKUP_RUNS, RESTORE_RUNS), policyGauges());
  }

  /** The migration plans that have a series. */
  public Set<ResourceKey> migrationPlans() {
    return keysOf("plan", List.of(MIGRATION_RUNS), List.of(migrationLastRun));
  }

  /** The replay plans that have a series. */
  public Set<ResourceKey> replayPlans() {
    return keysOf("plan", List.of(REPLAY_RUNS), List.of(replayLastRun));
  }

  private Set<ResourceKey> keysOf(
      String nameLabel, List<String> meters, List<SettableGauges> gauges) {
    Set<ResourceKey> keys = new TreeSet<>();
    for (String name : meters) {
      registry
          .find(name)
          .meters()
          .forEach(
              m ->
                  keys.add(
                      new ResourceKey(m.getId().getTag("namespace"), m.getId().getTag(nameLabel))));
    }
    for (SettableGauges family : gauges) {
      int namespaceAt = family.indexOf("namespace");
      int nameAt = family.indexOf(nameLabel);
      family.forEach(
          (labels, value) ->
              keys.add(new ResourceKey(labels.get(namespaceAt), labels.get(nameAt))));
    }
    return keys;
  }

  private void removeAll(
      ResourceKey key, String nameLabel, List<String> meters, List<SettableGauges> gauges) {
    for (String name : meters) {
      registry
          .find(name)
          .tag("namespace", key.namespace())
          .tag(nameLabel, key.name())
          .meters()
          .forEach(registry::remove);
    }
    for (SettableGauges family : gauges) {
      int namespaceAt = family.indexOf("namespace");
      int nameAt = family.indexOf(nameLabel);
      family.removeIf(
          values ->
              values.get(namespaceAt).equals(key.namespace())
                  && values.get(nameAt).equals(key.name()));
    }
  }

  private List<SettableGauges> policyGauges() {
    return List.of(
        lastSuccess,
        snapshotBytes,
        snapshotFiles,
        consecutiveFailures,
        dataAge,
        drillRpo,
        drillRto,
        freshnessLimit,
        drillRpoObjective,
        drillRtoObjective);
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
  public void policyRemoved(ResourceKey policy) {
    removeAll(
        policy,
        "policy",
        List.of(BACKUP_RUNS, BACKUP_DURATION, RESTORE_RUNS, RESTORE_DURATION),
        policyGauges());
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
