package dev.bulwark.cli;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.core.drills.DrillExecutor;
import dev.bulwark.core.drills.DrillLedger;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.metrics.OperatorMetrics;
import java.time.Duration;
import java.util.Optional;

/** A drill executor that reports each finished run to the metrics (restore runs, actual RPO and RTO). */
final class MeteredDrills implements DrillExecutor {
  private final DrillExecutor drills;
  private final OperatorMetrics metrics;

  MeteredDrills(DrillExecutor drills, OperatorMetrics metrics) {
    this.drills = drills;
    this.metrics = metrics;
  }

  @Override
  public DrillLedger ledger() {
    return drills.ledger();
  }

  @Override
  public Optional<DrillRecord> submit(
      RestoreDrill drill, BackupPolicy policy, Optional<String> namespace, String trigger, Runnable onFinished) {
    String name = drill.getMetadata().getName();
    return drills.submit(drill, policy, namespace, trigger, () -> {
      drills.ledger().recent(namespace, name).stream().filter(DrillRecord::finished).findFirst()
          .ifPresent(this::record);
      onFinished.run();
    });
  }

  private void record(DrillRecord run) {
    Duration rto = Duration.ofSeconds(run.actualRtoSeconds() == null ? 0 : run.actualRtoSeconds());
    Optional<Duration> rpo = Optional.ofNullable(run.actualRpoSeconds()).map(Duration::ofSeconds);
    metrics.restoreFinished(run.policy(), run.level(), run.state(), rto, rpo);
  }

  @Override
  public void close() {
    drills.close();
  }
}
