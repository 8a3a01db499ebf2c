package dev.bulwark.core.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.api.migration.MigrationPlanStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One verdict per resource from its conditions, so the page, the CLI and alerts agree. */
class ResourceHealthTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private static void set(
      ResourceStatus status,
      ConditionType type,
      boolean value,
      ConditionReason reason,
      String message) {
    status.conditions().set(type, value, reason, message, 1L, NOW);
  }

  private static BackupPolicyStatus servedPolicy() {
    BackupPolicyStatus status = new BackupPolicyStatus();
    set(status, ConditionType.VALID, true, ConditionReason.SPEC_VALID, "spec is valid");
    set(
        status,
        ConditionType.READY,
        true,
        ConditionReason.SCHEDULED,
        "incremental on '*/5 * * * *'");
    return status;
  }

  private static ResourceHealth of(String kind, ResourceStatus status) {
    return ResourceHealth.of(new ResourceView(kind, null, "x", 1, false, null, null, status, null));
  }

  @Test
  void aReadyPolicyWhoseLastTwoJobsFailedIsFailing() {
    BackupPolicyStatus status = servedPolicy();
    set(
        status,
        ConditionType.HEALTHY,
        false,
        ConditionReason.BACKUPS_FAILING,
        "2 consecutive backup jobs failed; last (20260301T095500Z-abcdef): target unreachable");
    set(status, ConditionType.FRESH, true, ConditionReason.RECENT_SNAPSHOT, "fresh");
    status.setConsecutiveFailures(2);

    ResourceHealth health = of(ResourceView.BACKUP_POLICY, status);

    assertThat(health.health()).isEqualTo(Health.FAILING);
    assertThat(health.reason()).contains("2 consecutive backup jobs failed");
  }

  @Test
  void aFailedPeriodicVerifyIsFailing() {
    BackupPolicyStatus status = servedPolicy();
    set(status, ConditionType.HEALTHY, true, ConditionReason.BACKUPS_SUCCEEDING, "ok");
    set(status, ConditionType.FRESH, true, ConditionReason.RECENT_SNAPSHOT, "fresh");
    dev.bulwark.api.common.Condition verified = new dev.bulwark.api.common.Condition();
    verified.setType("Verified");
    verified.setStatus("False");
    verified.setReason("VerifyFailed");
    verified.setMessage("snapshot 20260301T020000Z-0a0b0c: pack 3f2a is missing");
    status.getConditions().add(verified);

    assertThat(of(ResourceView.BACKUP_POLICY, status))
        .isEqualTo(
            new ResourceHealth(
                Health.FAILING,
                "verify failed: snapshot 20260301T020000Z-0a0b0c: pack 3f2a is missing"));
  }

  @Test
  void anInvalidSpecSaysSoWhateverItsOldConditions() {
    BackupPolicyStatus status = servedPolicy();
    set(status, ConditionType.HEALTHY, true, ConditionReason.BACKUPS_SUCCEEDING, "ok");
    set(
        status,
        ConditionType.VALID,
        false,
        ConditionReason.SPEC_INVALID,
        "policies/a.yaml:7: spec.target: 'ftp'");

    ResourceHealth health = of(ResourceView.BACKUP_POLICY, status);

    assertThat(health)
        .isEqualTo(new ResourceHealth(Health.INVALID, "policies/a.yaml:7: spec.target: 'ftp'"));
    assertThat(health.health().needsAttention()).isTrue();
  }

  @Test
  void staleDataOneFailureAndNoRunsYetAreTold() {
    BackupPolicyStatus stale = servedPolicy();
    set(stale, ConditionType.HEALTHY, true, ConditionReason.BACKUPS_SUCCEEDING, "ok");
    set(
        stale,
        ConditionType.FRESH,
        false,
        ConditionReason.SNAPSHOT_TOO_OLD,
        "no successful backup since 08:00");
    assertThat(of(ResourceView.BACKUP_POLICY, stale))
        .isEqualTo(new ResourceHealth(Health.WARNING, "stale: no successful backup since 08:00"));

    BackupPolicyStatus once = servedPolicy();
    set(
        once,
        ConditionType.HEALTHY,
        true,
        ConditionReason.BACKUPS_SUCCEEDING,
        "1 failed job since the last success");
    set(once, ConditionType.FRESH, true, ConditionReason.RECENT_SNAPSHOT, "fresh");
    once.setConsecutiveFailures(1);
    assertThat(of(ResourceView.BACKUP_POLICY, once).health()).isEqualTo(Health.WARNING);

    BackupPolicyStatus fresh = servedPolicy();
    fresh
        .conditions()
        .setUnknown(
            ConditionType.FRESH, ConditionReason.NO_RUNS_YET, "no successful backup yet", 1L, NOW);
    assertThat(of(ResourceView.BACKUP_POLICY, fresh))
        .isEqualTo(new ResourceHealth(Health.PENDING, "no successful backup yet"));

    BackupPolicyStatus healthy = servedPolicy();
    set(healthy, ConditionType.HEALTHY, true, ConditionReason.BACKUPS_SUCCEEDING, "ok");
    set(healthy, ConditionType.FRESH, true, ConditionReason.RECENT_SNAPSHOT, "fresh");
    assertThat(of(ResourceView.BACKUP_POLICY, healthy).health()).isEqualTo(Health.HEALTHY);
  }

  @Test
  void drillsAndPlansFailWithTheirLastRun() {
    RestoreDrillStatus drill = new RestoreDrillStatus();
    set(drill, ConditionType.READY, true, ConditionReason.SCHEDULED, "weekly");
    set(
        drill,
        ConditionType.SUCCEEDED,
        false,
        ConditionReason.RUN_FAILED,
        "run r1 failed: raw/e1.json is corrupt");
    assertThat(of(ResourceView.RESTORE_DRILL, drill))
        .isEqualTo(new ResourceHealth(Health.FAILING, "run r1 failed: raw/e1.json is corrupt"));

    RestoreDrillStatus slow = new RestoreDrillStatus();
    set(slow, ConditionType.SUCCEEDED, true, ConditionReason.RUN_SUCCEEDED, "ok");
    set(
        slow,
        ConditionType.OBJECTIVES_MET,
        false,
        ConditionReason.OBJECTIVES_MISSED,
        "RPO 2h (objective 5m)");
    assertThat(of(ResourceView.RESTORE_DRILL, slow).health()).isEqualTo(Health.WARNING);

    MigrationPlanStatus plan = new MigrationPlanStatus();
    set(
        plan,
        ConditionType.SUCCEEDED,
        false,
        ConditionReason.RUN_FAILED,
        "rolled back: 1 object failed");
    assertThat(of(ResourceView.MIGRATION_PLAN, plan).health()).isEqualTo(Health.FAILING);
  }

  @Test
  void deletedAndUnreconciledResources() {
    assertThat(
            ResourceHealth.of(
                    new ResourceView(
                        ResourceView.BACKUP_POLICY,
                        null,
                        "x",
                        1,
                        true,
                        null,
                        null,
                        servedPolicy(),
                        null))
                .health())
        .isEqualTo(Health.DELETED);
    assertThat(of(ResourceView.BACKUP_POLICY, null).health()).isEqualTo(Health.PENDING);
  }
}
