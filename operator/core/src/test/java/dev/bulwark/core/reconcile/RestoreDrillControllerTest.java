package dev.bulwark.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.ReconcileContext.Runtime;
import dev.bulwark.core.testing.TestingClock;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.testing.TestingYaml;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreDrillControllerTest {
  private final TestingClock clock = TestingClock.at("2026-01-07T10:00:00Z"); // a Wednesday
  private final RestoreDrillController controller =
      new RestoreDrillController(Environment.of(Map.of()));
  private final BackupPolicy policy = TestingResources.backupPolicy("teaching-data");
  private ResourceLookup lookup = TestingResources.lookupOf(policy);

  private ReconcileResult<RestoreDrillStatus> reconcile(RestoreDrill drill) {
    ReconcileResult<RestoreDrillStatus> result =
        controller.reconcile(drill, new ReconcileContext(clock.instant(), Runtime.COMPOSE, lookup));
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
    assertThat(result.requeueAt()).contains(Instant.parse("2026-01-11T03:00:00Z"));
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
    assertThat(result.requeueAt()).contains(Instant.parse("2026-01-31T20:00:00Z"));
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
}
