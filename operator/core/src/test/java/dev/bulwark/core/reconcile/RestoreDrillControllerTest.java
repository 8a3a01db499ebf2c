package dev.bulwark.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.BackupRef;
import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.core.Environment;
import dev.bulwark.core.drills.DrillLedger;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.jobs.JobLedger;
import dev.bulwark.core.reconcile.ReconcileContext.Runtime;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.testing.TestingYaml;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.engine.testing.TestingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestoreDrillControllerTest {
  private final TestingClock clock = TestingClock.at("2026-01-07T10:00:00Z"); // a Wednesday
  private final RestoreDrillController controller =
      new RestoreDrillController(Environment.of(Map.of()));
  private final BackupPolicy policy = TestingResources.backupPolicy("teaching-data");
  private ResourceLookup lookup = TestingResources.lookupOf(policy);

  /** The fake ledger: runs newest first, as a drill executor reports them. */
  private final List<DrillRecord> runs = new ArrayList<>();

  private final DrillLedger ledger = (namespace, drill) -> List.copyOf(runs);

  private ReconcileResult<RestoreDrillStatus> reconcile(RestoreDrill drill) {
    ReconcileResult<RestoreDrillStatus> result =
        controller.reconcile(
            drill,
            new ReconcileContext(
                clock.instant(), Runtime.COMPOSE, lookup, JobLedger.none(), ledger));
    drill.setStatus(result.status());
    return result;
  }

  private static Condition condition(RestoreDrillStatus status, ConditionType type) {
    return status.conditions().get(type).orElseThrow();
  }

  @Test
  void anL1DrillRunsWeeklyOnSundayAt3ByDefault() {
    RestoreDrill drill = TestingResources.restoreDrill("weekly-l1", "teaching-data");

    ReconcileResult<RestoreDrillStatus> result = reconcile(drill);

    assertThat(result.status().getNextRun()).isEqualTo("2026-01-11T03:00:00Z");
    assertThat(result.requeueAt())
        .contains(clock.instant().plus(HistoryPoll.INTERVAL)); // the history poll comes first
    assertThat(result.status().getObservedGeneration()).isEqualTo(1L);
    Condition ready = condition(result.status(), ConditionType.READY);
    assertThat(ready.getReason()).isEqualTo("Scheduled");
    assertThat(ready.getMessage())
        .isEqualTo("drills of BackupPolicy 'teaching-data' on '0 3 * * 0' (UTC)");
  }

  @Test
  void anL3DrillRunsMonthlyInItsTimeZoneByDefault() {
    RestoreDrill drill =
        TestingYaml.resource("/reconcile/restore-drill-l3.yaml", RestoreDrill.class);

    ReconcileResult<RestoreDrillStatus> result = reconcile(drill);

    // 04:00 on February 1st in Shanghai (+08:00)
    assertThat(result.status().getNextRun()).isEqualTo("2026-01-31T20:00:00Z");
    assertThat(result.requeueAt())
        .contains(clock.instant().plus(HistoryPoll.INTERVAL)); // the history poll comes first
    assertThat(result.status().getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void anExplicitScheduleWins() {
    RestoreDrill drill = TestingResources.restoreDrill("daily", "teaching-data");
    drill.getSpec().setSchedule("@daily");

    assertThat(reconcile(drill).status().getNextRun()).isEqualTo("2026-01-08T00:00:00Z");
  }

  @Test
  void aMissingPolicyIsWaitedForAndLookedForAgainSoon() {
    lookup = ResourceLookup.empty();
    RestoreDrill drill = TestingResources.restoreDrill("weekly-l1", "teaching-data");

    ReconcileResult<RestoreDrillStatus> waiting = reconcile(drill);

    assertThat(waiting.status().getNextRun()).isNull();
    assertThat(waiting.requeueAt()).contains(clock.instant().plus(Duration.ofMinutes(1)));
    assertThat(waiting.actions())
        .containsExactly(
            new ConditionTransition(
                "Valid",
                "False",
                "SpecInvalid",
                "spec.policyRef: BackupPolicy 'teaching-data' not found; create it or fix the name",
                true),
            new ConditionTransition(
                "Ready",
                "False",
                "ReferenceNotFound",
                "spec.policyRef: BackupPolicy 'teaching-data' not found; create it or fix the name",
                true));

    lookup = TestingResources.lookupOf(policy);
    clock.advance(Duration.ofMinutes(1));
    ReconcileResult<RestoreDrillStatus> found = reconcile(drill);

    assertThat(found.status().getNextRun()).isEqualTo("2026-01-11T03:00:00Z");
    assertThat(found.actions())
        .extracting(
            a -> ((ConditionTransition) a).type() + "=" + ((ConditionTransition) a).status())
        .containsExactly("Valid=True", "Ready=True");
  }

  @Test
  void otherErrorsWaitForASpecChange() {
    RestoreDrill drill = TestingResources.restoreDrill("weekly-l1", "teaching-data");
    drill.getSpec().setLevel(null);

    ReconcileResult<RestoreDrillStatus> result = reconcile(drill);

    assertThat(result.requeueAt()).isEmpty();
    Condition ready = condition(result.status(), ConditionType.READY);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("SpecInvalid");
    assertThat(ready.getMessage()).isEqualTo("spec.level: required; expected one of L1, L2, L3");
  }

  @Test
  void aSuspendedDrillIsNotScheduled() {
    RestoreDrill drill = TestingResources.restoreDrill("weekly-l1", "teaching-data");
    reconcile(drill);
    drill.getSpec().setSuspend(true);

    ReconcileResult<RestoreDrillStatus> result = reconcile(drill);

    assertThat(result.requeueAt()).isEmpty();
    assertThat(result.status().getNextRun()).isNull();
    assertThat(result.actions())
        .containsExactly(
            new ConditionTransition(
                "Ready",
                "False",
                "Suspended",
                "spec.suspend is true: no drills are scheduled",
                false));
  }

  @Test
  void reportsNothingWhileNothingFlips() {
    RestoreDrill drill = TestingResources.restoreDrill("weekly-l1", "teaching-data");
    reconcile(drill);
    clock.set(Instant.parse("2026-01-11T03:00:00Z"));

    ReconcileResult<RestoreDrillStatus> result = reconcile(drill);

    assertThat(result.actions()).isEmpty();
    assertThat(result.status().getNextRun()).isEqualTo("2026-01-18T03:00:00Z");
    assertThat(condition(result.status(), ConditionType.READY).getLastTransitionTime())
        .isEqualTo("2026-01-07T10:00:00Z");
  }

  private void policyHasABackup() {
    BackupRef ref = new BackupRef();
    ref.setJobId("20260107T093000Z-0a0b0c");
    ref.setFinishedAt("2026-01-07T09:30:05Z");
    BackupPolicyStatus status = new BackupPolicyStatus();
    status.setLastSuccessfulBackup(ref);
    policy.setStatus(status);
  }

  private static DrillRecord run(
      String id, String startedAt, String state, Long rpo, Long rto, Boolean met, String failure) {
    Instant start = Instant.parse(startedAt);
    return new DrillRecord(
        id,
        "weekly-l1",
        null,
        "teaching-data",
        "L1",
        "schedule",
        "controller",
        state,
        start,
        DrillRecord.RUNNING.equals(state) ? null : start.plusSeconds(42),
        "20260104T020000Z-0a0b0c",
        start.minusSeconds(rpo == null ? 0 : rpo),
        3L,
        1024L,
        rpo,
        rto,
        met,
        failure,
        failure == null ? null : "run `bulwark verify --policy teaching-data --read-data`",
        List.of("sha256: 3 files restored, every checksum matched"));
  }

  @Test
  void aDrillThatNeverRanOfAPolicyNoDrillProvedStartsOnceItsPolicyHasABackup() {
    RestoreDrill drill = TestingResources.restoreDrill("weekly-l1", "teaching-data");

    ReconcileResult<RestoreDrillStatus> waiting = reconcile(drill);

    assertThat(waiting.actions()).noneMatch(a -> a instanceof StartDrill);
    assertThat(condition(waiting.status(), ConditionType.SUCCEEDED).getMessage())
        .isEqualTo(
            "no drill has run yet: BackupPolicy 'teaching-data' has no successful backup to restore");

    policyHasABackup();
    ReconcileResult<RestoreDrillStatus> started = reconcile(drill);

    assertThat(started.actions()).containsExactly(new StartDrill("schedule"));
    assertThat(started.requeueAt()).contains(clock.instant().plusSeconds(10));
    assertThat(condition(started.status(), ConditionType.SUCCEEDED).getStatus())
        .isEqualTo("Unknown");
  }

  @Test
  void aNewDrillOfAPolicyAlreadyProvenWaitsForItsScheduleEvenAcrossRestarts() {
    policyHasABackup();
    Instant proven = Instant.parse("2026-01-04T03:01:00Z");
    DrillLedger provenLedger =
        new DrillLedger() {
          @Override
          public List<DrillRecord> recent(Optional<String> namespace, String drill) {
            return List.copyOf(runs);
          }

          @Override
          public Optional<Instant> policyProvenAt(Optional<String> namespace, String policy) {
            return "teaching-data".equals(policy) ? Optional.of(proven) : Optional.empty();
          }
        };
    RestoreDrill monthly = TestingResources.restoreDrill("monthly-l3", "teaching-data");
    monthly.getSpec().setLevel(dev.bulwark.api.drill.DrillLevel.L3);

    ReconcileResult<RestoreDrillStatus> first =
        controller.reconcile(
            monthly,
            new ReconcileContext(
                clock.instant(), Runtime.COMPOSE, lookup, JobLedger.none(), provenLedger));
    monthly.setStatus(first.status());

    assertThat(first.actions()).noneMatch(a -> a instanceof StartDrill);
    assertThat(first.status().getNextRun()).isEqualTo("2026-02-01T04:00:00Z");
    clock.set(Instant.parse("2026-02-01T03:59:59Z"));
    ReconcileResult<RestoreDrillStatus> before =
        controller.reconcile(
            monthly,
            new ReconcileContext(
                clock.instant(), Runtime.COMPOSE, lookup, JobLedger.none(), provenLedger));
    monthly.setStatus(before.status());
    assertThat(before.actions()).noneMatch(a -> a instanceof StartDrill);
    clock.set(Instant.parse("2026-02-01T04:00:30Z")); // the reconcile comes a little after the fire
    ReconcileResult<RestoreDrillStatus> due =
        controller.reconcile(
            monthly,
            new ReconcileContext(
                clock.instant(), Runtime.COMPOSE, lookup, JobLedger.none(), provenLedger));
    assertThat(due.actions()).contains(new StartDrill("schedule"));
  }

  @Test
  void aDrillWhoseHistoryWasLostWaitsForItsScheduleAfterTheRunItsStatusShows() {
    policyHasABackup();
    RestoreDrill drill = TestingResources.restoreDrill("weekly-l1", "teaching-data");
    RestoreDrillStatus stored = new RestoreDrillStatus();
    dev.bulwark.api.drill.DrillRun last = new dev.bulwark.api.drill.DrillRun();
    last.setStartedAt("2026-01-04T03:00:00Z");
    last.setFinishedAt("2026-01-04T03:01:00Z");
    last.setSucceeded(true);
    stored.setLastRun(last);
    drill.setStatus(stored);

    ReconcileResult<RestoreDrillStatus> replaced = reconcile(drill); // an empty ledger

    assertThat(replaced.actions()).noneMatch(a -> a instanceof StartDrill);
    assertThat(replaced.status().getNextRun()).isEqualTo("2026-01-11T03:00:00Z");
    assertThat(replaced.status().getLastRun().getSucceeded()).isTrue();
  }

  @Test
  void aRunIsDueWhenTheScheduleFiredAfterTheLastRunBegan() {
    policyHasABackup();
    runs.add(
        run(
            "20260104T030000Z-000001",
            "2026-01-04T03:00:00Z",
            DrillRecord.SUCCESS,
            60L,
            5L,
            true,
            null));
    RestoreDrill drill = TestingResources.restoreDrill("weekly-l1", "teaching-data");

    ReconcileResult<RestoreDrillStatus> notYet = reconcile(drill);

    assertThat(notYet.actions()).noneMatch(a -> a instanceof StartDrill);
    assertThat(notYet.requeueAt())
        .contains(clock.instant().plus(HistoryPoll.INTERVAL)); // the history poll comes first
    assertThat(notYet.status().getNextRun()).isEqualTo("2026-01-11T03:00:00Z");

    clock.set(Instant.parse("2026-01-11T03:00:00Z"));
    assertThat(reconcile(drill).actions()).containsExactly(new StartDrill("schedule"));
  }

  @Test
  void noRunStartsWhileOneIsActiveAndTheDrillLooksAgainSoon() {
    policyHasABackup();
    runs.add(
        run(
            "20260101T030000Z-000001",
            "2026-01-01T03:00:00Z",
            DrillRecord.RUNNING,
            null,
            null,
            null,
            null));
    RestoreDrill drill = TestingResources.restoreDrill("weekly-l1", "teaching-data");

    ReconcileResult<RestoreDrillStatus> result = reconcile(drill);

    assertThat(result.actions()).noneMatch(a -> a instanceof StartDrill);
    assertThat(result.requeueAt()).contains(clock.instant().plus(Duration.ofSeconds(10)));
    assertThat(result.status().getLastRun().getSucceeded()).isNull();
  }

  @Test
  void aSuspendedDrillStartsNoRun() {
    policyHasABackup();
    RestoreDrill drill = TestingResources.restoreDrill("weekly-l1", "teaching-data");
    drill.getSpec().setSuspend(true);

    assertThat(reconcile(drill).actions()).noneMatch(a -> a instanceof StartDrill);
  }

  @Test
  void aFailedRunTurnsSucceededFalseAsAWarningWithItsReason() {
    policyHasABackup();
    runs.add(
        run(
            "20260104T030000Z-000001",
            "2026-01-04T03:00:00Z",
            DrillRecord.SUCCESS,
            60L,
            5L,
            true,
            null));
    RestoreDrill drill = TestingResources.restoreDrill("weekly-l1", "teaching-data");
    ReconcileResult<RestoreDrillStatus> good = reconcile(drill);
    assertThat(condition(good.status(), ConditionType.SUCCEEDED).getReason())
        .isEqualTo("RunSucceeded");
    Condition objectives = condition(good.status(), ConditionType.OBJECTIVES_MET);
    assertThat(objectives.getReason()).isEqualTo("ObjectivesWithin");
    assertThat(objectives.getMessage()).isEqualTo("RPO 1m (objective 5m), RTO 5s (objective 30m)");

    clock.set(Instant.parse("2026-01-11T03:01:00Z"));
    runs.add(
        0,
        run(
            "20260111T030000Z-000002",
            "2026-01-11T03:00:00Z",
            DrillRecord.FAILED,
            90L,
            null,
            false,
            "restore of snapshot 20260104T020000Z-0a0b0c failed: 1 object did not restore intact: raw/e1.json"));
    ReconcileResult<RestoreDrillStatus> bad = reconcile(drill);

    String reason =
        "run 20260111T030000Z-000002 failed: restore of snapshot 20260104T020000Z-0a0b0c failed: 1 object"
            + " did not restore intact: raw/e1.json; remediation: run `bulwark verify --policy teaching-data --read-data`";
    assertThat(bad.actions())
        .contains(new ConditionTransition("Succeeded", "False", "RunFailed", reason, true));
    assertThat(bad.actions())
        .anyMatch(
            a ->
                a instanceof ConditionTransition t
                    && t.type().equals("ObjectivesMet")
                    && t.status().equals("False")
                    && t.warning());
    RestoreDrillStatus status = bad.status();
    assertThat(status.getLastRun().getSucceeded()).isFalse();
    assertThat(status.getLastRun().getFailureReason()).contains("raw/e1.json");
    assertThat(status.getLastSuccessAt()).isEqualTo("2026-01-04T03:00:42Z");
    assertThat(status.getRecentRuns())
        .extracting(r -> r.getStartedAt())
        .containsExactly("2026-01-11T03:00:00Z", "2026-01-04T03:00:00Z");
    assertThat(status.getNextRun()).isEqualTo("2026-01-18T03:00:00Z");
  }

  @Test
  void missedObjectivesAreReportedWithMeasuredAndObjective() {
    policyHasABackup();
    runs.add(
        run(
            "20260104T030000Z-000001",
            "2026-01-04T03:00:00Z",
            DrillRecord.SUCCESS,
            7200L,
            5L,
            false,
            null));
    RestoreDrill drill = TestingResources.restoreDrill("weekly-l1", "teaching-data");

    ReconcileResult<RestoreDrillStatus> result = reconcile(drill);

    assertThat(result.actions())
        .contains(
            new ConditionTransition(
                "ObjectivesMet",
                "False",
                "ObjectivesMissed",
                "RPO 2h (objective 5m), RTO 5s (objective 30m)",
                true));
    // The objectives travel with the measurements, so status readers and metrics can compare them.
    assertThat(result.status().getRpoObjectiveSeconds()).isEqualTo(300L);
    assertThat(result.status().getRtoObjectiveSeconds()).isEqualTo(1800L);
  }
}
