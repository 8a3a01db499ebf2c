package dev.bulwark.core.metrics;

import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.BackupRef;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.api.migration.MigrationPhase;
import dev.bulwark.api.migration.MigrationPlanStatus;
import dev.bulwark.api.replay.PartitionStatus;
import dev.bulwark.api.replay.ReplayPhase;
import dev.bulwark.api.replay.ReplayPlanStatus;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.drills.DrillPaths;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.drills.DrillStore;
import dev.bulwark.core.jobs.JobLedger;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobState;
import dev.bulwark.core.jobs.JobStore;
import dev.bulwark.core.migration.MigrationPaths;
import dev.bulwark.core.migration.MigrationRecord;
import dev.bulwark.core.migration.MigrationRunner;
import dev.bulwark.core.overview.GateView;
import dev.bulwark.core.overview.ResourceView;
import dev.bulwark.core.overview.ServedResources;
import dev.bulwark.core.replay.PartitionOutcome;
import dev.bulwark.core.replay.ReplayPaths;
import dev.bulwark.core.replay.ReplayRunRecord;
import dev.bulwark.core.replay.ReplayRunner;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunLedger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings {@link OperatorMetrics} up to date at every scrape from what the runtime serves and from
 * the run records every process writes, so {@code /metrics} says what the status says:
 *
 * <ul>
 *   <li>Runs are counted from the records (jobs, drills, migrations, replays), whoever ran them:
 *       this runtime, or {@code bulwark backup} beside it. A run counts once, when a scrape first
 *       sees it finished; runs that ended before this process started are not counted (counters
 *       start from zero with the process, as Prometheus expects).
 *   <li>Gauges (last success, failure streak, snapshot totals, drill RPO and RTO, last migration
 *       and replay runs) come from the newest records and the statuses, so they have their values
 *       right after a restart, before any new run.
 *   <li>The freshness limit, drill objectives and one condition gauge per condition of every
 *       resource come from the statuses; the gate gauges from the runtime's gates.
 *   <li>Series of resources that are gone are dropped.
 * </ul>
 *
 * Thread-safe: scrapes are serialised.
 */
public final class MetricsFeed {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsFeed.class);

  /** Drill runs looked at per scrape: enough for a drill that runs every few seconds in a demo. */
  private static final int DRILL_WINDOW = 20;

  private final OperatorMetrics metrics;
  private final ServedResources served;
  private final JobStore jobs;
  private final DrillStore drills;
  private final RunLedger<MigrationRecord> migrations;
  private final RunLedger<ReplayRunRecord> replays;
  private final Clock clock;
  private final Instant since;

  /**
   * Per resource, the ids of the runs in its current window that are counted (or predate this
   * process).
   */
  private final Map<String, Set<String>> counted = new HashMap<>();

  /**
   * A feed reading runs from the stores given; runs that finished before {@code clock}'s current
   * time are not counted.
   */
  public MetricsFeed(
      OperatorMetrics metrics,
      ServedResources served,
      JobStore jobs,
      DrillStore drills,
      RunLedger<MigrationRecord> migrations,
      RunLedger<ReplayRunRecord> replays,
      Clock clock) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.served = Objects.requireNonNull(served, "served");
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.drills = Objects.requireNonNull(drills, "drills");
    this.migrations = Objects.requireNonNull(migrations, "migrations");
    this.replays = Objects.requireNonNull(replays, "replays");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.since = clock.instant();
  }

  /** A feed over the records a runtime keeps under {@code stateDirectory}. */
  public static MetricsFeed overState(
      OperatorMetrics metrics, ServedResources served, Path stateDirectory, Clock clock) {
    StatePaths paths = new StatePaths(stateDirectory);
    return new MetricsFeed(
        metrics,
        served,
        new JobStore(paths),
        new DrillStore(new DrillPaths(paths)),
        MigrationRunner.store(new MigrationPaths(stateDirectory)).ledger(),
        ReplayRunner.store(new ReplayPaths(stateDirectory)).ledger(),
        clock);
  }

  /** Updates the metrics, then renders them in the Prometheus text format. */
  public synchronized String scrape() {
    refresh();
    return metrics.scrape();
  }

  /** Updates the metrics from the served resources and the run records. */
  public synchronized void refresh() {
    List<ResourceView> views = served.resources();
    metrics.resourceConditions(views);
    Set<ResourceKey> policies = new HashSet<>();
    Set<ResourceKey> migrationPlans = new HashSet<>();
    Set<ResourceKey> replayPlans = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (ResourceView view : views) {
      if (view.deleted()) {
        continue;
      }
      keys.add(key(view));
      try {
        switch (view.kind()) {
          case ResourceView.BACKUP_POLICY -> {
            policies.add(new ResourceKey(view.namespace(), view.name()));
            policy(view);
          }
          case ResourceView.RESTORE_DRILL -> {
            Optional.ofNullable(view.policyRef())
                .ifPresent(ref -> policies.add(new ResourceKey(view.namespace(), ref)));
            drill(view);
          }
          case ResourceView.MIGRATION_PLAN -> {
            migrationPlans.add(new ResourceKey(view.namespace(), view.name()));
            migration(view);
          }
          case ResourceView.REPLAY_PLAN -> {
            replayPlans.add(new ResourceKey(view.namespace(), view.name()));
            replay(view);
          }
          default -> {}
        }
      } catch (RuntimeException e) {
        // One unreadable record must not cost the scrape every other metric.
        LOG.warn("metrics of {}: {}", view.displayName(), e.toString());
      }
    }
    counted.keySet().retainAll(keys);
    metrics.policies().stream().filter(p -> !policies.contains(p)).forEach(metrics::policyRemoved);
    metrics.migrationPlans().stream()
        .filter(p -> !migrationPlans.contains(p))
        .forEach(metrics::migrationPlanRemoved);
    metrics.replayPlans().stream()
        .filter(p -> !replayPlans.contains(p))
        .forEach(metrics::replayPlanRemoved);
    for (GateView gate : served.gates(clock.instant())) {
      metrics.gate(
          gate.namespace() == null ? "" : gate.namespace(),
          gate.decision().open(),
          gate.decision().evaluatedAt(),
          gate.decision().reasons().size());
    }
  }

  private void policy(ResourceView view) {
    String name = view.name();
    String ns = label(view);
    BackupPolicyStatus status = view.status() instanceof BackupPolicyStatus s ? s : null;
    if (status != null) {
      Optional.ofNullable(status.getFreshnessLimitSeconds())
          .ifPresent(limit -> metrics.freshnessLimit(ns, name, Duration.ofSeconds(limit)));
      Optional.ofNullable(status.getLastSuccessfulBackup())
          .map(BackupRef::getFinishedAt)
          .flatMap(MetricsFeed::instant)
          .ifPresent(at -> metrics.lastSuccess(ns, name, at));
    }
    List<JobRecord> recent = jobs.recent(namespace(view), name, JobLedger.WINDOW);
    List<JobRecord> oldestFirst = new ArrayList<>(recent);
    Collections.reverse(oldestFirst);
    Set<String> counts = counted(view, recent.stream().map(JobRecord::jobId).toList());
    for (JobRecord job : oldestFirst) {
      if (job.state().finished()
          && job.finishedAt() != null
          && counts.add(job.jobId())
          && !job.finishedAt().isBefore(since)) {
        metrics.backupFinished(outcome(ns, job));
      }
    }
    recent.stream()
        .filter(r -> r.state() == JobState.SUCCESS && r.finishedAt() != null)
        .findFirst()
        .ifPresent(
            r -> {
              metrics.lastSuccess(ns, name, r.finishedAt());
              if (r.domains() != null) {
                metrics.snapshotTotals(ns, name, r.domains());
              }
            });
    if (!recent.isEmpty()) {
      metrics.consecutiveFailures(ns, name, failureStreak(recent));
    } else if (status != null && status.getConsecutiveFailures() != null) {
      metrics.consecutiveFailures(ns, name, status.getConsecutiveFailures());
    }
  }

  private static BackupOutcome outcome(String namespace, JobRecord job) {
    Duration took = Duration.between(job.beganAt(), job.finishedAt());
    return new BackupOutcome(
        namespace,
        job.policy(),
        job.effectiveType(),
        job.target() == null ? "none" : job.target(),
        WireNames.of(job.state()),
        took.isNegative() ? Duration.ZERO : took,
        job.finishedAt(),
        job.state() == JobState.SUCCESS && job.domains() != null ? job.domains() : Map.of());
  }

  /** Failed jobs since the newest success; canceled ones are neither. */
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

  private void drill(ResourceView view) {
    RestoreDrillStatus status = view.status() instanceof RestoreDrillStatus s ? s : null;
    if (status != null
        && view.policyRef() != null
        && view.level() != null
        && status.getRpoObjectiveSeconds() != null
        && status.getRtoObjectiveSeconds() != null) {
      metrics.drillObjectives(
          label(view),
          view.policyRef(),
          view.level(),
          Duration.ofSeconds(status.getRpoObjectiveSeconds()),
          Duration.ofSeconds(status.getRtoObjectiveSeconds()));
    }
    List<DrillRecord> runs = drills.recent(namespace(view), view.name(), DRILL_WINDOW);
    List<DrillRecord> oldestFirst = new ArrayList<>(runs);
    Collections.reverse(oldestFirst);
    Set<String> counts = counted(view, runs.stream().map(DrillRecord::runId).toList());
    for (DrillRecord run : oldestFirst) {
      if (run.finished()
          && run.finishedAt() != null
          && run.policy() != null
          && run.level() != null
          && counts.add(run.runId())
          && !run.finishedAt().isBefore(since)) {
        metrics.restoreFinished(
            label(view),
            run.policy(),
            run.level(),
            run.state(),
            seconds(run.actualRtoSeconds()),
            Optional.ofNullable(run.actualRpoSeconds()).map(Duration::ofSeconds));
      }
    }
    Optional<DrillRecord> newest =
        runs.stream()
            .filter(
                r ->
                    r.succeeded()
                        && r.policy() != null
                        && r.level() != null
                        && r.actualRtoSeconds() != null)
            .findFirst();
    if (newest.isPresent()) {
      DrillRecord r = newest.get();
      metrics.drillMeasured(
          label(view),
          r.policy(),
          r.level(),
          seconds(r.actualRtoSeconds()),
          Optional.ofNullable(r.actualRpoSeconds()).map(Duration::ofSeconds));
    } else if (status != null
        && status.getRecentRuns() != null
        && view.policyRef() != null
        && view.level() != null) {
      status.getRecentRuns().stream()
          .filter(r -> Boolean.TRUE.equals(r.getSucceeded()) && r.getActualRtoSeconds() != null)
          .findFirst()
          .ifPresent(
              r ->
                  metrics.drillMeasured(
                      label(view),
                      view.policyRef(),
                      view.level(),
                      seconds(r.getActualRtoSeconds()),
                      Optional.ofNullable(r.getActualRpoSeconds()).map(Duration::ofSeconds)));
    }
  }

  private void migration(ResourceView view) {
    Optional<MigrationRecord> latest = migrations.latest(new RunKey(namespace(view), view.name()));
    if (latest.isPresent() && latest.get().finished()) {
      MigrationRecord run = latest.get();
      boolean succeeded = run.phase() == MigrationPhase.SUCCEEDED;
      Set<String> counts = counted(view, List.of(run.runId()));
      if (counts.add(run.runId()) && !run.finishedAt().isBefore(since)) {
        metrics.migrationFinished(
            label(view), view.name(), run.mode() == null ? "apply" : run.mode(), result(succeeded));
      }
      metrics.migrationLastRun(
          label(view),
          view.name(),
          run.finishedAt(),
          succeeded,
          zero(run.migrated()),
          zero(run.skipped()),
          zero(run.failed()));
      return;
    }
    if (view.status() instanceof MigrationPlanStatus status && status.getFinishedAt() != null) {
      instant(status.getFinishedAt())
          .ifPresent(
              at ->
                  metrics.migrationLastRun(
                      label(view),
                      view.name(),
                      at,
                      status.getPhase() == MigrationPhase.SUCCEEDED,
                      zero(status.getMigrated()),
                      zero(status.getSkipped()),
                      zero(status.getFailed())));
    }
  }

  private void replay(ResourceView view) {
    Optional<ReplayRunRecord> latest = replays.latest(new RunKey(namespace(view), view.name()));
    if (latest.isPresent() && latest.get().finishedAt() != null) {
      ReplayRunRecord run = latest.get();
      boolean succeeded = run.phase() == ReplayPhase.SUCCEEDED;
      Set<String> counts = counted(view, List.of(run.runId()));
      if (counts.add(run.runId()) && !run.finishedAt().isBefore(since)) {
        metrics.replayFinished(
            label(view),
            view.name(),
            run.action() == null ? "apply" : run.action(),
            result(succeeded));
      }
      Map<String, Integer> partitions = new TreeMap<>();
      for (PartitionOutcome partition :
          run.partitions() == null ? List.<PartitionOutcome>of() : run.partitions()) {
        if (partition.state() != null) {
          partitions.merge(WireNames.of(partition.state()), 1, Integer::sum);
        }
      }
      metrics.replayLastRun(label(view), view.name(), run.finishedAt(), succeeded, partitions);
      return;
    }
    if (view.status() instanceof ReplayPlanStatus status && status.getFinishedAt() != null) {
      Map<String, Integer> partitions = new TreeMap<>();
      for (PartitionStatus partition :
          status.getPartitions() == null ? List.<PartitionStatus>of() : status.getPartitions()) {
        if (partition.getState() != null) {
          partitions.merge(WireNames.of(partition.getState()), 1, Integer::sum);
        }
      }
      instant(status.getFinishedAt())
          .ifPresent(
              at ->
                  metrics.replayLastRun(
                      label(view),
                      view.name(),
                      at,
                      status.getPhase() == ReplayPhase.SUCCEEDED,
                      partitions));
    }
  }

  /**
   * The counted run ids of a resource, kept to those still in its window: a run that left the
   * window never comes back, so the set stays small.
   */
  private Set<String> counted(ResourceView view, List<String> window) {
    Set<String> ids = counted.computeIfAbsent(key(view), k -> new HashSet<>());
    ids.retainAll(new HashSet<>(window));
    return ids;
  }

  private static String key(ResourceView view) {
    return view.kind()
        + "/"
        + (view.namespace() == null ? "" : view.namespace())
        + "/"
        + view.name();
  }

  /** The {@code namespace} label of the view's series: {@code ""} in compose mode. */
  private static String label(ResourceView view) {
    return view.namespace() == null ? "" : view.namespace();
  }

  private static Optional<String> namespace(ResourceView view) {
    return Optional.ofNullable(view.namespace());
  }

  private static String result(boolean succeeded) {
    return succeeded ? BackupOutcome.SUCCESS : BackupOutcome.FAILED;
  }

  private static int zero(Integer value) {
    return value == null ? 0 : value;
  }

  private static Duration seconds(Long value) {
    return Duration.ofSeconds(value == null ? 0 : Math.max(0, value));
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
