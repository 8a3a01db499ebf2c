package dev.bulwark.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.api.migration.MigrationPhase;
import dev.bulwark.api.migration.MigrationPlanStatus;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.drills.DrillRunner;
import dev.bulwark.core.gate.GateInputs;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.gate.ReleaseGate;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobControl;
import dev.bulwark.core.jobs.JobOrder;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobState;
import dev.bulwark.core.overview.GateView;
import dev.bulwark.core.overview.ResourceView;
import dev.bulwark.core.overview.ServedResources;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.progress.ProgressListener;
import dev.bulwark.engine.testing.TestTrees;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} agrees with the status: runs started by any process (here a second runner, as
 * {@code bulwark backup} beside {@code bulwark run} would be) are counted, the snapshot gauges hold
 * the whole snapshot's totals, and every gauge has its value again right after a restart.
 */
class MetricsFeedTest {
  private static final String POLICY = "teaching-data";

  @TempDir Path tmp;
  private Path state;
  private Path raw;
  private Path serving;
  private BackupPolicy policy;
  private BackupJobRunner cli;
  private final List<ResourceView> views = new ArrayList<>();
  private final List<GateView> gates = new ArrayList<>();

  private final ServedResources served =
      new ServedResources() {
        @Override
        public List<ResourceView> resources() {
          return List.copyOf(views);
        }

        @Override
        public List<GateView> gates(Instant now) {
          return List.copyOf(gates);
        }
      };

  @BeforeEach
  void aPolicyWithTwoDomains() throws IOException {
    state = tmp.resolve("state");
    raw = Files.createDirectories(tmp.resolve("raw"));
    serving = Files.createDirectories(tmp.resolve("serving"));
    for (int i = 1; i <= 3; i++) {
      TestTrees.write(raw.resolve("exams/e" + i + ".csv"), "student,score\nli," + i + "\n");
    }
    TestTrees.write(serving.resolve("profile.json"), "{\"schema_version\": 2}");
    policy = TestingResources.backupPolicy(POLICY);
    policy.getSpec().getSources().get(0).setPath(raw.toString());
    dev.bulwark.api.backup.Source second = new dev.bulwark.api.backup.Source();
    second.setPath(serving.toString());
    second.setDomain("serving");
    second.setPriority(dev.bulwark.api.backup.Priority.P0);
    policy.getSpec().getSources().add(second);
    cli =
        BackupJobRunner.builder(repositories(), Environment.of(Map.of()), new StatePaths(state))
            .build();
    views.add(view(ResourceView.BACKUP_POLICY, POLICY, null, null, null));
  }

  private PolicyRepositories repositories() {
    return new PolicyRepositories(
        Environment.of(Map.of()),
        Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state)),
        Clock.systemUTC());
  }

  private JobRecord backup(SnapshotType type) {
    JobOrder order = JobOrder.manual(type, "cli:ops", Optional.empty());
    JobRecord pending = cli.enqueue(policy, Optional.empty(), order);
    return cli.run(policy, pending, order, ProgressListener.NONE, new JobControl()).record();
  }

  private static ResourceView view(
      String kind, String name, String policyRef, String level, Object status) {
    return new ResourceView(
        kind,
        null,
        name,
        1,
        false,
        policyRef,
        level,
        (dev.bulwark.api.common.ResourceStatus) status,
        null);
  }

  private static MetricsFeed feed(OperatorMetrics metrics, ServedResources served, Path state) {
    return MetricsFeed.overState(metrics, served, state, Clock.systemUTC());
  }

  private static OperatorMetrics metrics() {
    return new OperatorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  @Test
  void jobsRunBesideTheRuntimeAreCountedWithTheWholeSnapshotPerDomain() throws IOException {
    MetricsFeed feed = feed(metrics(), served, state);
    feed.scrape(); // the runtime is up before the jobs

    JobRecord full = backup(SnapshotType.FULL);
    TestTrees.write(serving.resolve("profile.json"), "{\"schema_version\": 3}");
    JobRecord incremental = backup(SnapshotType.INCREMENTAL);
    ScrapedSamples samples = ScrapedSamples.parse(feed.scrape());

    assertThat(full.state()).isEqualTo(JobState.SUCCESS);
    assertThat(incremental.snapshotType()).isEqualTo("incremental");
    assertThat(
            samples.value(
                "bulwark_backup_runs_total",
                "namespace",
                "",
                "policy",
                POLICY,
                "result",
                "success",
                "target",
                "local",
                "type",
                "full"))
        .contains(1.0);
    assertThat(
            samples.value(
                "bulwark_backup_runs_total",
                "namespace",
                "",
                "policy",
                POLICY,
                "result",
                "success",
                "target",
                "local",
                "type",
                "incremental"))
        .contains(1.0);
    // The incremental changed one serving file; the gauges hold the snapshot, not the change.
    assertThat(
            samples.value(
                "bulwark_backup_snapshot_files",
                "domain",
                "raw",
                "namespace",
                "",
                "policy",
                POLICY))
        .contains(3.0);
    assertThat(
            samples.value(
                "bulwark_backup_snapshot_files",
                "domain",
                "serving",
                "namespace",
                "",
                "policy",
                POLICY))
        .contains(1.0);
    assertThat(
            samples.value(
                "bulwark_backup_snapshot_bytes",
                "domain",
                "serving",
                "namespace",
                "",
                "policy",
                POLICY))
        .contains((double) "{\"schema_version\": 3}".length());
    assertThat(
            samples.value(
                "bulwark_backup_last_success_timestamp_seconds", "namespace", "", "policy", POLICY))
        .contains(incremental.finishedAt().toEpochMilli() / 1000.0);

    // A second scrape counts nothing twice.
    assertThat(
            ScrapedSamples.parse(feed.scrape())
                .value(
                    "bulwark_backup_runs_total",
                    "namespace",
                    "",
                    "policy",
                    POLICY,
                    "result",
                    "success",
                    "target",
                    "local",
                    "type",
                    "full"))
        .contains(1.0);
  }

  @Test
  void everyGaugeIsBackRightAfterARestartButNoRunIsCountedAgain() throws Exception {
    backup(SnapshotType.FULL);
    RestoreDrill drill = TestingResources.restoreDrill("weekly", POLICY);
    DrillRecord run =
        DrillRunner.builder(repositories(), Environment.of(Map.of()), new StatePaths(state))
            .build()
            .runNow(drill, policy, Optional.empty(), "manual", "cli:ops");
    assertThat(run.succeeded()).as(run.failureReason()).isTrue();
    RestoreDrillStatus drillStatus = new RestoreDrillStatus();
    drillStatus.setRpoObjectiveSeconds(300L);
    drillStatus.setRtoObjectiveSeconds(1800L);
    views.add(view(ResourceView.RESTORE_DRILL, "weekly", POLICY, "L1", drillStatus));

    // A process that starts after all of it.
    ScrapedSamples samples = ScrapedSamples.parse(feed(metrics(), served, state).scrape());

    assertThat(
            samples.value(
                "bulwark_backup_runs_total",
                "namespace",
                "",
                "policy",
                POLICY,
                "result",
                "success",
                "target",
                "local",
                "type",
                "full"))
        .isEmpty();
    assertThat(
            samples.value(
                "bulwark_backup_last_success_timestamp_seconds", "namespace", "", "policy", POLICY))
        .isPresent();
    assertThat(
            samples.value("bulwark_backup_consecutive_failures", "namespace", "", "policy", POLICY))
        .contains(0.0);
    assertThat(
            samples.value(
                "bulwark_backup_snapshot_files",
                "domain",
                "raw",
                "namespace",
                "",
                "policy",
                POLICY))
        .contains(3.0);
    assertThat(
            samples.value(
                "bulwark_drill_actual_rto_seconds",
                "level",
                "L1",
                "namespace",
                "",
                "policy",
                POLICY))
        .contains((double) run.actualRtoSeconds());
    assertThat(
            samples.value(
                "bulwark_drill_actual_rpo_seconds",
                "level",
                "L1",
                "namespace",
                "",
                "policy",
                POLICY))
        .contains((double) run.actualRpoSeconds());
    assertThat(
            samples.value(
                "bulwark_drill_objective_rpo_seconds",
                "level",
                "L1",
                "namespace",
                "",
                "policy",
                POLICY))
        .contains(300.0);
    assertThat(
            samples.value(
                "bulwark_drill_objective_rto_seconds",
                "level",
                "L1",
                "namespace",
                "",
                "policy",
                POLICY))
        .contains(1800.0);
    assertThat(
            samples.value(
                "bulwark_restore_runs_total",
                "level",
                "L1",
                "namespace",
                "",
                "policy",
                POLICY,
                "result",
                "success"))
        .isEmpty();
  }

  @Test
  void conditionsAndTheFreshnessLimitComeFromTheStatusSoAnInvalidResourceHasASeries() {
    BackupPolicyStatus hourly = new BackupPolicyStatus();
    hourly.setFreshnessLimitSeconds(7200L);
    hourly
        .conditions()
        .set(
            ConditionType.VALID,
            true,
            ConditionReason.SPEC_VALID,
            "spec is valid",
            1L,
            Instant.now());
    hourly
        .conditions()
        .set(
            ConditionType.FRESH, false, ConditionReason.SNAPSHOT_TOO_OLD, "old", 1L, Instant.now());
    BackupPolicyStatus broken = new BackupPolicyStatus();
    broken
        .conditions()
        .set(
            ConditionType.VALID,
            false,
            ConditionReason.SPEC_INVALID,
            "spec.target: bad",
            1L,
            Instant.now());
    views.clear();
    views.add(view(ResourceView.BACKUP_POLICY, "hourly", null, null, hourly));
    views.add(view(ResourceView.BACKUP_POLICY, "broken", null, null, broken));
    MetricsFeed feed = feed(metrics(), served, state);

    ScrapedSamples samples = ScrapedSamples.parse(feed.scrape());

    assertThat(
            samples.value(
                "bulwark_backup_freshness_limit_seconds", "namespace", "", "policy", "hourly"))
        .contains(7200.0);
    assertThat(
            samples.value(
                "bulwark_resource_condition",
                "condition",
                "Valid",
                "kind",
                "BackupPolicy",
                "name",
                "broken",
                "namespace",
                ""))
        .contains(0.0);
    assertThat(
            samples.value(
                "bulwark_resource_condition",
                "condition",
                "Valid",
                "kind",
                "BackupPolicy",
                "name",
                "hourly",
                "namespace",
                ""))
        .contains(1.0);
    assertThat(
            samples.value(
                "bulwark_resource_condition",
                "condition",
                "Fresh",
                "kind",
                "BackupPolicy",
                "name",
                "hourly",
                "namespace",
                ""))
        .contains(0.0);

    views.remove(1); // "broken" deleted from the directory
    samples = ScrapedSamples.parse(feed.scrape());
    assertThat(
            samples.value(
                "bulwark_resource_condition",
                "condition",
                "Valid",
                "kind",
                "BackupPolicy",
                "name",
                "broken",
                "namespace",
                ""))
        .isEmpty();
  }

  @Test
  void twoPoliciesOfOneNameInTwoNamespacesHaveTheirOwnSeries() {
    views.clear();
    views.add(policyIn("team-a", 600L, 0, "2026-03-01T10:00:00Z"));
    views.add(policyIn("team-b", 7200L, 3, "2026-03-01T08:00:00Z"));
    MetricsFeed feed = feed(metrics(), served, state);

    ScrapedSamples samples = ScrapedSamples.parse(feed.scrape());

    for (String[] expected :
        new String[][] {
          {"team-a", "600", "0", "1772359200"}, {"team-b", "7200", "3", "1772352000"}
        }) {
      String[] labels = {"namespace", expected[0], "policy", "app"};
      assertThat(samples.value("bulwark_backup_freshness_limit_seconds", labels))
          .as("freshness limit in %s", expected[0])
          .contains(Double.parseDouble(expected[1]));
      assertThat(samples.value("bulwark_backup_consecutive_failures", labels))
          .as("failures in %s", expected[0])
          .contains(Double.parseDouble(expected[2]));
      assertThat(samples.value("bulwark_backup_last_success_timestamp_seconds", labels))
          .as("last success in %s", expected[0])
          .contains(Double.parseDouble(expected[3]));
      assertThat(samples.value("bulwark_backup_data_age_seconds", labels)).isPresent();
    }
    assertThat(samples.named("bulwark_backup_freshness_limit_seconds")).hasSize(2);

    views.remove(0); // team-a/app is deleted; team-b/app stays

    ScrapedSamples after = ScrapedSamples.parse(feed.scrape());
    assertThat(after.named("bulwark_backup_freshness_limit_seconds"))
        .singleElement()
        .satisfies(sample -> assertThat(sample.labels()).containsEntry("namespace", "team-b"));
    assertThat(after.named("bulwark_backup_last_success_timestamp_seconds")).hasSize(1);
  }

  private static ResourceView policyIn(
      String namespace, long freshnessLimit, int failures, String lastSuccess) {
    BackupPolicyStatus status = new BackupPolicyStatus();
    status.setFreshnessLimitSeconds(freshnessLimit);
    status.setConsecutiveFailures(failures);
    dev.bulwark.api.backup.BackupRef last = new dev.bulwark.api.backup.BackupRef();
    last.setJobId("job-" + namespace);
    last.setFinishedAt(lastSuccess);
    status.setLastSuccessfulBackup(last);
    return new ResourceView(
        ResourceView.BACKUP_POLICY, namespace, "app", 1, false, null, null, status, null);
  }

  @Test
  void aRemovedPolicyLosesItsSeries() {
    backup(SnapshotType.FULL);
    MetricsFeed feed = feed(metrics(), served, state);
    assertThat(
            ScrapedSamples.parse(feed.scrape())
                .value(
                    "bulwark_backup_last_success_timestamp_seconds",
                    "namespace",
                    "",
                    "policy",
                    POLICY))
        .isPresent();

    views.clear();

    assertThat(
            ScrapedSamples.parse(feed.scrape())
                .value(
                    "bulwark_backup_last_success_timestamp_seconds",
                    "namespace",
                    "",
                    "policy",
                    POLICY))
        .isEmpty();
  }

  @Test
  void theLastMigrationRunAndTheGateComeFromTheStatusWithoutRecords() {
    MigrationPlanStatus plan = new MigrationPlanStatus();
    plan.setPhase(MigrationPhase.ROLLED_BACK);
    plan.setFinishedAt("2026-03-01T10:00:00Z");
    plan.setMigrated(0);
    plan.setSkipped(2);
    plan.setFailed(1);
    views.add(view(ResourceView.MIGRATION_PLAN, "profiles-v2", POLICY, null, plan));
    Instant now = Instant.parse("2026-03-01T10:05:00Z");
    gates.add(
        new GateView(
            null,
            ReleaseGate.evaluate(
                GateInputs.of(List.of(), List.of()), GateSettings.defaults(), now)));

    ScrapedSamples samples = ScrapedSamples.parse(feed(metrics(), served, state).scrape());

    assertThat(
            samples.value(
                "bulwark_migration_last_run_success", "namespace", "", "plan", "profiles-v2"))
        .contains(0.0);
    assertThat(
            samples.value(
                "bulwark_migration_last_run_objects",
                "outcome",
                "failed",
                "namespace",
                "",
                "plan",
                "profiles-v2"))
        .contains(1.0);
    assertThat(
            samples.value(
                "bulwark_migration_last_run_timestamp_seconds",
                "namespace",
                "",
                "plan",
                "profiles-v2"))
        .contains((double) Instant.parse("2026-03-01T10:00:00Z").getEpochSecond());
    assertThat(samples.value("bulwark_gate_evaluated_timestamp_seconds", "namespace", ""))
        .contains((double) now.getEpochSecond());
    assertThat(samples.value("bulwark_gate_open", "namespace", "")).isPresent();
  }
}
