package dev.bulwark.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.alerts.Alert;
import dev.bulwark.engine.backup.BackupResult.DomainTotals;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final OperatorMetrics metrics =
      new OperatorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

  private ScrapedSamples scrape() {
    return ScrapedSamples.parse(metrics.scrape());
  }

  private static BackupOutcome outcome(
      String policy,
      String result,
      Duration duration,
      Instant at,
      Map<String, DomainTotals> domains) {
    return new BackupOutcome("", policy, "incremental", "local", result, duration, at, domains);
  }

  @Test
  void successfulBackupRecordsRunDurationLastSuccessAndDomainTotals() {
    metrics.backupFinished(
        outcome(
            "app",
            BackupOutcome.SUCCESS,
            Duration.ofMillis(2500),
            T0,
            Map.of("files", new DomainTotals(3, 300), "db", new DomainTotals(1, 4096))));

    ScrapedSamples samples = scrape();
    String[] run = {
      "namespace",
      "",
      "policy",
      "app",
      "result",
      "success",
      "target",
      "local",
      "type",
      "incremental"
    };
    assertThat(samples.value("bulwark_backup_runs_total", run)).contains(1.0);
    assertThat(samples.value("bulwark_backup_duration_seconds_count", run)).contains(1.0);
    assertThat(samples.value("bulwark_backup_duration_seconds_sum", run)).contains(2.5);
    assertThat(samples.value("bulwark_backup_duration_seconds_bucket", withLe(run, "1.0")))
        .contains(0.0);
    assertThat(samples.value("bulwark_backup_duration_seconds_bucket", withLe(run, "5.0")))
        .contains(1.0);
    assertThat(
            samples.value(
                "bulwark_backup_last_success_timestamp_seconds", "namespace", "", "policy", "app"))
        .contains((double) T0.getEpochSecond());
    assertThat(
            samples.value(
                "bulwark_backup_snapshot_bytes", "domain", "db", "namespace", "", "policy", "app"))
        .contains(4096.0);
    assertThat(
            samples.value(
                "bulwark_backup_snapshot_files",
                "domain",
                "files",
                "namespace",
                "",
                "policy",
                "app"))
        .contains(3.0);
  }

  @Test
  void theDataAgeIsMeasuredAtEachScrapeFromTheLastSuccess() {
    metrics.lastSuccess("", "app", java.time.Instant.now().minusSeconds(600));

    double age =
        scrape()
            .value("bulwark_backup_data_age_seconds", "namespace", "", "policy", "app")
            .orElseThrow();

    // Measured now, not when the success was recorded: at least the 600 s that have passed.
    assertThat(age).isBetween(600.0, 660.0);
  }

  @Test
  void failedBackupCountsButLeavesLastSuccessAlone() {
    metrics.backupFinished(
        outcome("app", BackupOutcome.SUCCESS, Duration.ofSeconds(1), T0, Map.of()));
    metrics.backupFinished(
        outcome("app", BackupOutcome.FAILED, Duration.ofSeconds(4), T0.plusSeconds(300), Map.of()));
    metrics.backupFinished(
        outcome("app", BackupOutcome.FAILED, Duration.ofSeconds(4), T0.plusSeconds(600), Map.of()));

    ScrapedSamples samples = scrape();
    assertThat(
            samples.value(
                "bulwark_backup_runs_total",
                "namespace",
                "",
                "policy",
                "app",
                "result",
                "failed",
                "target",
                "local",
                "type",
                "incremental"))
        .contains(2.0);
    assertThat(
            samples.value(
                "bulwark_backup_last_success_timestamp_seconds", "namespace", "", "policy", "app"))
        .contains((double) T0.getEpochSecond());
  }

  @Test
  void aNewerSnapshotReplacesTheDomainsOfTheOlderOne() {
    metrics.backupFinished(
        outcome(
            "app",
            BackupOutcome.SUCCESS,
            Duration.ofSeconds(1),
            T0,
            Map.of("files", new DomainTotals(3, 300), "db", new DomainTotals(1, 4096))));
    metrics.backupFinished(
        outcome(
            "app",
            BackupOutcome.SUCCESS,
            Duration.ofSeconds(1),
            T0.plusSeconds(300),
            Map.of("files", new DomainTotals(5, 500))));

    ScrapedSamples samples = scrape();
    assertThat(samples.named("bulwark_backup_snapshot_bytes"))
        .singleElement()
        .satisfies(s -> assertThat(s.labels()).containsEntry("domain", "files"))
        .satisfies(s -> assertThat(s.value()).isEqualTo(500.0));
    assertThat(samples.named("bulwark_backup_snapshot_files")).hasSize(1);
  }

  @Test
  void lastSuccessFromStatusNeverMovesTheGaugeBackwards() {
    metrics.lastSuccess("", "app", T0.plusSeconds(60));
    metrics.backupFinished(
        outcome("app", BackupOutcome.SUCCESS, Duration.ofSeconds(1), T0, Map.of()));

    assertThat(
            scrape()
                .value(
                    "bulwark_backup_last_success_timestamp_seconds",
                    "namespace",
                    "",
                    "policy",
                    "app"))
        .contains((double) T0.plusSeconds(60).getEpochSecond());
  }

  @Test
  void policyGaugesHoldTheLastValueSet() {
    metrics.consecutiveFailures("", "app", 1);
    metrics.consecutiveFailures("", "app", 2);
    metrics.dataAge("", "app", Duration.ofSeconds(90));
    metrics.dataAge("", "other", Duration.ofSeconds(-5));

    ScrapedSamples samples = scrape();
    assertThat(
            samples.value("bulwark_backup_consecutive_failures", "namespace", "", "policy", "app"))
        .contains(2.0);
    assertThat(samples.value("bulwark_backup_data_age_seconds", "namespace", "", "policy", "app"))
        .contains(90.0);
    assertThat(samples.value("bulwark_backup_data_age_seconds", "namespace", "", "policy", "other"))
        .contains(0.0);
  }

  @Test
  void gaugesSurviveGarbageCollection() {
    metrics.consecutiveFailures("", "app", 3);
    for (int i = 0; i < 3; i++) {
      System.gc();
    }

    assertThat(
            scrape().value("bulwark_backup_consecutive_failures", "namespace", "", "policy", "app"))
        .contains(3.0);
  }

  @Test
  void restoresRecordRunsAndOnlySuccessesSetTheDrillGauges() {
    metrics.restoreFinished(
        "",
        "app",
        "L3",
        BackupOutcome.SUCCESS,
        Duration.ofSeconds(120),
        Optional.of(Duration.ofSeconds(240)));
    metrics.restoreFinished(
        "", "app", "L3", BackupOutcome.FAILED, Duration.ofSeconds(7), Optional.empty());

    ScrapedSamples samples = scrape();
    assertThat(
            samples.value(
                "bulwark_restore_runs_total",
                "level",
                "L3",
                "namespace",
                "",
                "policy",
                "app",
                "result",
                "success"))
        .contains(1.0);
    assertThat(
            samples.value(
                "bulwark_restore_runs_total",
                "level",
                "L3",
                "namespace",
                "",
                "policy",
                "app",
                "result",
                "failed"))
        .contains(1.0);
    assertThat(
            samples.value(
                "bulwark_restore_duration_seconds_sum",
                "level",
                "L3",
                "namespace",
                "",
                "policy",
                "app",
                "result",
                "failed"))
        .contains(7.0);
    assertThat(
            samples.value(
                "bulwark_drill_actual_rto_seconds",
                "level",
                "L3",
                "namespace",
                "",
                "policy",
                "app"))
        .contains(120.0);
    assertThat(
            samples.value(
                "bulwark_drill_actual_rpo_seconds",
                "level",
                "L3",
                "namespace",
                "",
                "policy",
                "app"))
        .contains(240.0);
  }

  @Test
  void alertsAreCountedByConditionAndStatus() {
    metrics.alertSent("Healthy", "False");
    metrics
        .alertCounter()
        .send(
            new Alert(
                "BackupPolicy",
                Optional.empty(),
                "app",
                "Healthy",
                "False",
                "BackupFailing",
                "2 failures",
                true,
                T0,
                Optional.empty()));

    assertThat(scrape().value("bulwark_alerts_total", "condition", "Healthy", "status", "False"))
        .contains(2.0);
  }

  @Test
  void removingAPolicyDropsItsSeriesAndKeepsTheOthers() {
    for (String policy : new String[] {"app", "other"}) {
      metrics.backupFinished(
          outcome(
              policy,
              BackupOutcome.SUCCESS,
              Duration.ofSeconds(1),
              T0,
              Map.of("files", new DomainTotals(1, 1))));
      metrics.consecutiveFailures("", policy, 0);
      metrics.dataAge("", policy, Duration.ofSeconds(10));
      metrics.restoreFinished(
          "",
          policy,
          "L1",
          BackupOutcome.SUCCESS,
          Duration.ofSeconds(1),
          Optional.of(Duration.ZERO));
    }

    metrics.policyRemoved(new ResourceKey("", "app"));

    ScrapedSamples samples = ScrapedSamples.parse(metrics.scrape());
    assertThat(metrics.scrape()).doesNotContain("policy=\"app\"").contains("policy=\"other\"");
    assertThat(samples.value("bulwark_backup_data_age_seconds", "namespace", "", "policy", "other"))
        .isPresent();

    metrics.consecutiveFailures("", "app", 1);
    assertThat(
            scrape().value("bulwark_backup_consecutive_failures", "namespace", "", "policy", "app"))
        .contains(1.0);
  }

  @Test
  void badArgumentsNameTheField() {
    assertThatThrownBy(() -> outcome("app", "ok", Duration.ZERO, T0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("result 'ok' is not one of [canceled, failed, success]");
    assertThatThrownBy(() -> outcome(" ", BackupOutcome.SUCCESS, Duration.ZERO, T0, Map.of()))
        .hasMessage("policy must not be blank");
    assertThatThrownBy(() -> metrics.consecutiveFailures("", "app", -1))
        .hasMessage("count must not be negative, got -1");
  }

  @Test
  void prometheusRegistryAlsoServesJvmMetrics() {
    try (OperatorMetrics served = OperatorMetrics.prometheus()) {
      served.consecutiveFailures("", "app", 0);

      assertThat(ScrapedSamples.parse(served.scrape()).names())
          .contains(
              "bulwark_backup_consecutive_failures",
              "jvm_memory_used_bytes",
              "process_uptime_seconds");
    }
  }

  private static String[] withLe(String[] labels, String le) {
    String[] out = new String[labels.length + 2];
    System.arraycopy(labels, 0, out, 0, labels.length);
    out[labels.length] = "le";
    out[labels.length + 1] = le;
    return out;
  }
}
