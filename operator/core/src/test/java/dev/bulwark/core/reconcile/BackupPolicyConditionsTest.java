package dev.bulwark.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.core.Environment;
import dev.bulwark.core.jobs.FailureKind;
import dev.bulwark.core.jobs.JobLedger;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobRecords;
import dev.bulwark.core.jobs.JobTrigger;
import dev.bulwark.core.jobs.LifecycleState;
import dev.bulwark.core.jobs.PolicyJobs;
import dev.bulwark.core.reconcile.ReconcileContext.Runtime;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.engine.testing.TestingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job-derived status and conditions of a BackupPolicy (R22), with a fake clock. */
class BackupPolicyConditionsTest {
  private static final String POLICY = "teaching-data";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TestingClock clock = TestingClock.at("2026-11-28T10:00:30Z");
  private final BackupPolicyController controller =
      new BackupPolicyController(Environment.of(Map.of()));

  /** Newest first. */
  private final List<JobRecord> history = new ArrayList<>();

  private Optional<LifecycleState> lifecycle = Optional.empty();
  private BackupPolicy policy;

  @BeforeEach
  void aPolicyOnTheDefaultCadence() {
    policy = TestingResources.backupPolicy(POLICY);
    policy.getSpec().setSchedule(null); // every 5 minutes, full at 02:00 UTC
  }

  private ReconcileResult<BackupPolicyStatus> reconcile() {
    JobLedger ledger = (namespace, name) -> new PolicyJobs(history, lifecycle);
    ReconcileResult<BackupPolicyStatus> result =
        controller.reconcile(
            policy,
            new ReconcileContext(clock.instant(), Runtime.COMPOSE, ResourceLookup.empty(), ledger));
    policy.setStatus(result.status());
    return result;
  }

  private Condition condition(ConditionType type) {
    return policy.getStatus().conditions().get(type).orElseThrow();
  }

  private static List<String> flips(ReconcileResult<?> result) {
    return result.actions().stream()
        .filter(ConditionTransition.class::isInstance)
        .map(a -> ((ConditionTransition) a).type() + "=" + ((ConditionTransition) a).status())
        .toList();
  }

  @Test
  void theStatusCountsTheIncrementalsOfTheLast24Hours() {
    reconcile();
    assertThat(policy.getStatus().getIncrementalSuccess24h().getRatio())
        .as("no incremental yet")
        .isNull();
    assertThat(policy.getStatus().getIncrementalSuccess24h().getSucceeded()).isZero();

    history.add(
        0,
        JobRecords.succeeded(
            POLICY, "incremental", Instant.parse("2026-11-27T09:00:00Z"))); // > 24 h ago
    history.add(0, JobRecords.succeeded(POLICY, "full", Instant.parse("2026-11-28T02:00:00Z")));
    Instant began = Instant.parse("2026-11-28T02:05:00Z");
    for (int i = 0; i < 99; i++, began = began.plusSeconds(240)) {
      history.add(0, JobRecords.succeeded(POLICY, "incremental", began));
    }
    history.add(
        0,
        JobRecords.failed(
            POLICY, "incremental", 1, FailureKind.BACKUP, Instant.parse("2026-11-28T09:59:00Z")));
    reconcile();

    assertThat(policy.getStatus().getIncrementalSuccess24h().getSucceeded()).isEqualTo(99);
    assertThat(policy.getStatus().getIncrementalSuccess24h().getFailed()).isEqualTo(1);
    assertThat(policy.getStatus().getIncrementalSuccess24h().getRatio()).isEqualTo(0.99);
    assertThat(policy.getStatus().getLastFailedJob().getJobId()).isEqualTo(history.get(0).jobId());
    assertThat(policy.getStatus().getLastFailedJob().getError())
        .isEqualTo("target local: disk unplugged");
  }

  @Test
  void theSuccessRateMovesWhenAJobEndsNotWhenAnOldOneLeavesTheWindow() {
    // Yesterday's 10:00:40 incremental is within 24 hours of the newest job's end (10:00:20 + ...).
    history.add(
        0, JobRecords.succeeded(POLICY, "incremental", Instant.parse("2026-11-27T10:00:40Z")));
    history.add(0, JobRecords.succeeded(POLICY, "full", Instant.parse("2026-11-28T02:00:00Z")));
    history.add(
        0, JobRecords.succeeded(POLICY, "incremental", Instant.parse("2026-11-28T10:00:00Z")));
    reconcile();
    assertThat(policy.getStatus().getIncrementalSuccess24h().getSucceeded()).isEqualTo(2);

    clock.set(Instant.parse("2026-11-28T10:03:00Z")); // yesterday's job is now over 24 hours old
    reconcile();
    assertThat(policy.getStatus().getIncrementalSuccess24h().getSucceeded())
        .as("the window ends at the newest job's end: nothing ended since")
        .isEqualTo(2);

    history.add(
        0, JobRecords.succeeded(POLICY, "incremental", Instant.parse("2026-11-28T10:05:00Z")));
    clock.set(Instant.parse("2026-11-28T10:05:30Z"));
    reconcile();
    assertThat(policy.getStatus().getIncrementalSuccess24h().getSucceeded())
        .as("a new job ended: the window moves with it")
        .isEqualTo(2);
  }

  @Test
  void twoConsecutiveFailuresTurnHealthyFalseAndASuccessTurnsItBack() {
    history.add(0, JobRecords.succeeded(POLICY, "full", Instant.parse("2026-11-28T02:00:00Z")));
    history.add(
        0, JobRecords.succeeded(POLICY, "incremental", Instant.parse("2026-11-28T10:00:00Z")));
    reconcile();
    assertThat(condition(ConditionType.HEALTHY).getStatus()).isEqualTo("True");

    clock.set(Instant.parse("2026-11-28T10:05:30Z"));
    history.add(
        0,
        JobRecords.failed(
            POLICY, "incremental", 1, FailureKind.TARGET, Instant.parse("2026-11-28T10:05:00Z")));
    assertThat(flips(reconcile())).containsExactly("TargetReachable=False");
    assertThat(condition(ConditionType.HEALTHY).getStatus()).isEqualTo("True");
    assertThat(policy.getStatus().getConsecutiveFailures()).isEqualTo(1);

    clock.set(Instant.parse("2026-11-28T10:06:30Z"));
    history.add(
        0,
        JobRecords.failed(
            POLICY, "incremental", 2, FailureKind.TARGET, Instant.parse("2026-11-28T10:06:00Z")));
    ReconcileResult<BackupPolicyStatus> second = reconcile();
    assertThat(flips(second)).containsExactly("Healthy=False");
    assertThat(second.actions())
        .filteredOn(ConditionTransition.class::isInstance)
        .allMatch(a -> ((ConditionTransition) a).warning());
    assertThat(condition(ConditionType.HEALTHY).getMessage())
        .startsWith("2 consecutive backup jobs failed; last (")
        .endsWith("): target local: disk unplugged");
    assertThat(condition(ConditionType.TARGET_REACHABLE).getReason())
        .isEqualTo("TargetUnreachable");

    clock.set(Instant.parse("2026-11-28T10:10:30Z"));
    history.add(
        0, JobRecords.succeeded(POLICY, "incremental", Instant.parse("2026-11-28T10:10:00Z")));
    assertThat(flips(reconcile()))
        .containsExactlyInAnyOrder("Healthy=True", "TargetReachable=True");
    assertThat(policy.getStatus().getConsecutiveFailures()).isZero();
  }

  @Test
  void tenMinutesWithoutASuccessTurnsFreshFalseAndASuccessTurnsItBack() {
    history.add(0, JobRecords.succeeded(POLICY, "full", Instant.parse("2026-11-28T10:00:00Z")));
    reconcile();
    assertThat(condition(ConditionType.FRESH).getStatus()).isEqualTo("True");
    assertThat(policy.getStatus().getLastSuccessfulBackup().getFinishedAt())
        .isEqualTo("2026-11-28T10:00:20Z");
    assertThat(policy.getStatus().getFreshnessLimitSeconds()).isEqualTo(600L);

    clock.set(Instant.parse("2026-11-28T10:10:20Z"));
    assertThat(flips(reconcile())).isEmpty(); // exactly 10 minutes: still fresh

    clock.set(Instant.parse("2026-11-28T10:10:21Z"));
    assertThat(flips(reconcile())).containsExactly("Fresh=False");
    assertThat(condition(ConditionType.FRESH).getReason()).isEqualTo("SnapshotTooOld");
    assertThat(policy.getStatus().getLastSuccessfulBackup().getFinishedAt())
        .as("the time stays; readers compute the age (601 s) from it")
        .isEqualTo("2026-11-28T10:00:20Z");

    history.add(
        0, JobRecords.succeeded(POLICY, "incremental", Instant.parse("2026-11-28T10:10:30Z")));
    clock.set(Instant.parse("2026-11-28T10:11:00Z"));
    assertThat(flips(reconcile())).containsExactly("Fresh=True");
  }

  @Test
  void aReconcileWithoutNewsLeavesTheStatusAsItWas() throws Exception {
    history.add(0, JobRecords.succeeded(POLICY, "full", Instant.parse("2026-11-28T02:00:00Z")));
    history.add(
        0, JobRecords.succeeded(POLICY, "incremental", Instant.parse("2026-11-28T10:00:00Z")));
    reconcile();
    String settled = JSON.writeValueAsString(policy.getStatus());

    // Every resync before the next incremental (10:05) sees the same facts: the same status,
    // so a runtime that writes only changed statuses writes nothing.
    for (String at :
        List.of("2026-11-28T10:01:00Z", "2026-11-28T10:03:30Z", "2026-11-28T10:04:59Z")) {
      clock.set(Instant.parse(at));
      assertThat(JSON.writeValueAsString(reconcile().status()))
          .as("status at %s", at)
          .isEqualTo(settled);
    }
    assertThat(settled).doesNotContain("dataAgeSeconds");
  }

  @Test
  void slowerPoliciesAreFreshForTwiceTheirCadence() {
    policy.getSpec().setSchedule(new dev.bulwark.api.backup.Schedule());
    policy.getSpec().getSchedule().setIncremental("@hourly");
    history.add(0, JobRecords.succeeded(POLICY, "full", Instant.parse("2026-11-28T10:00:00Z")));

    clock.set(Instant.parse("2026-11-28T11:59:00Z"));
    history.add(
        0,
        JobRecords.running(
            POLICY, "incremental", JobTrigger.SCHEDULE, 1, Instant.parse("2026-11-28T11:00:00Z")));
    reconcile();
    assertThat(condition(ConditionType.FRESH).getStatus()).isEqualTo("True");
    // The limit is in the status too: the stale alert rule compares the data age with it.
    assertThat(policy.getStatus().getFreshnessLimitSeconds()).isEqualTo(7200L);
    clock.set(Instant.parse("2026-11-28T12:01:00Z"));
    reconcile();
    assertThat(condition(ConditionType.FRESH).getStatus()).isEqualTo("False");
  }

  @Test
  void aNewPolicyIsUnknownRatherThanStaleAndStartsItsFirstFull() {
    ReconcileResult<BackupPolicyStatus> result = reconcile();

    assertThat(condition(ConditionType.FRESH).getStatus()).isEqualTo("Unknown");
    assertThat(condition(ConditionType.TARGET_REACHABLE).getStatus()).isEqualTo("Unknown");
    assertThat(condition(ConditionType.LIFECYCLE_EFFECTIVE).getStatus()).isEqualTo("Unknown");
    assertThat(result.actions()).filteredOn(StartBackupJob.class::isInstance).hasSize(1);
    assertThat(result.actions())
        .filteredOn(ConditionTransition.class::isInstance)
        .noneMatch(a -> ((ConditionTransition) a).warning());
  }

  @Test
  void aRunningJobIsShownAndNothingElseStarts() {
    history.add(0, JobRecords.succeeded(POLICY, "full", Instant.parse("2026-11-28T02:00:00Z")));
    history.add(
        0,
        JobRecords.running(
            POLICY, "incremental", JobTrigger.SCHEDULE, 1, Instant.parse("2026-11-28T10:00:00Z")));

    ReconcileResult<BackupPolicyStatus> result = reconcile();

    assertThat(result.actions()).noneMatch(StartBackupJob.class::isInstance);
    assertThat(policy.getStatus().getActiveJob().getState()).isEqualTo("running");
    assertThat(result.requeueAt()).contains(clock.instant().plus(Duration.ofSeconds(15)));
  }

  @Test
  void lifecycleEffectiveFollowsTheLastReconcileOfTheTarget() {
    history.add(0, JobRecords.succeeded(POLICY, "full", Instant.parse("2026-11-28T10:00:00Z")));
    lifecycle =
        Optional.of(
            new LifecycleState(
                clock.instant(), "s3", false, "3 objects past 30 days still in STANDARD", "x"));
    reconcile();
    assertThat(condition(ConditionType.LIFECYCLE_EFFECTIVE).getStatus()).isEqualTo("False");
    assertThat(condition(ConditionType.LIFECYCLE_EFFECTIVE).getMessage())
        .contains("still in STANDARD");

    lifecycle = Optional.of(new LifecycleState(clock.instant(), "s3", true, "rules in place", "x"));
    assertThat(flips(reconcile())).containsExactly("LifecycleEffective=True");
  }

  @Test
  void aSuspendedPolicyStartsNothingButKeepsItsHistory() {
    history.add(0, JobRecords.succeeded(POLICY, "full", Instant.parse("2026-11-28T02:00:00Z")));
    policy.getSpec().setSuspend(true);
    clock.set(Instant.parse("2026-11-28T12:00:00Z"));

    ReconcileResult<BackupPolicyStatus> result = reconcile();

    assertThat(result.actions()).noneMatch(StartBackupJob.class::isInstance);
    assertThat(policy.getStatus().getLastSuccessfulBackup()).isNotNull();
    assertThat(condition(ConditionType.READY).getReason()).isEqualTo("Suspended");
  }

  @Test
  void aRunNowAnnotationStartsOneManualJobPerValue() {
    history.add(0, JobRecords.succeeded(POLICY, "full", Instant.parse("2026-11-28T10:00:00Z")));
    policy.setAnnotations(Map.of("bulwark.dev/run-now", "2026-11-28T10:00:40Z"));

    ReconcileResult<BackupPolicyStatus> first = reconcile();
    assertThat(first.actions())
        .filteredOn(StartBackupJob.class::isInstance)
        .hasSize(1)
        .allMatch(a -> ((StartBackupJob) a).order().trigger() == JobTrigger.MANUAL);
    assertThat(policy.getStatus().getRunNowHandled()).isEqualTo("2026-11-28T10:00:40Z");

    assertThat(reconcile().actions()).noneMatch(StartBackupJob.class::isInstance); // answered once

    policy.setAnnotations(Map.of("bulwark.dev/run-now", "again"));
    history.add(
        0, JobRecords.running(POLICY, "incremental", JobTrigger.MANUAL, 1, clock.instant()));
    assertThat(reconcile().actions())
        .noneMatch(StartBackupJob.class::isInstance); // waits for the running job
    assertThat(policy.getStatus().getRunNowHandled()).isEqualTo("2026-11-28T10:00:40Z");
  }
}
