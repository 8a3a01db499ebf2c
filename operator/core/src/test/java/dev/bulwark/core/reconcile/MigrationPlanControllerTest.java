package dev.bulwark.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.migration.MigrationPhase;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.migration.MigrationPlanStatus;
import dev.bulwark.core.Environment;
import dev.bulwark.core.migration.MigrationRecord;
import dev.bulwark.core.reconcile.ReconcileContext.Runtime;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.testing.TestingYaml;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.engine.testing.TestingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MigrationPlanControllerTest {
  private final TestingClock clock = TestingClock.at("2026-01-07T10:00:00Z");
  private Optional<MigrationRecord> lastRun = Optional.empty();
  private final MigrationPlanController controller =
      new MigrationPlanController(Environment.of(Map.of()));
  private ResourceLookup lookup =
      TestingResources.lookupOf(TestingResources.backupPolicy("teaching-data"));

  private ReconcileResult<MigrationPlanStatus> reconcile(MigrationPlan plan) {
    return controller.reconcile(
        plan,
        new ReconcileContext(
            clock.instant(),
            Runtime.KUBERNETES,
            lookup,
            dev.bulwark.core.jobs.JobLedger.none(),
            dev.bulwark.core.drills.DrillLedger.none(),
            (key, limit) -> lastRun.stream().toList()));
  }

  private static MigrationPlan plan() {
    return TestingYaml.resource("/reconcile/migration-plan.yaml", MigrationPlan.class);
  }

  private static Condition condition(MigrationPlanStatus status, ConditionType type) {
    return status.conditions().get(type).orElseThrow();
  }

  private static MigrationRecord record(
      long generation, MigrationPhase phase, Instant finishedAt, Boolean interrupted) {
    return new MigrationRecord(
        "20260107T095000Z-abc123",
        "profiles-v1-to-v3",
        null,
        generation,
        "apply",
        phase,
        "controller",
        "controller",
        Instant.parse("2026-01-07T09:50:00Z"),
        finishedAt,
        40,
        38,
        2,
        0,
        0,
        List.of(),
        "20260107T095001Z-def456",
        false,
        "migrated 38 object(s)",
        interrupted,
        "host",
        1L);
  }

  @Test
  void aValidPlanWithoutARunIsPendingAndAsksForOne() {
    ReconcileResult<MigrationPlanStatus> result = reconcile(plan());

    assertThat(result.status().getPhase()).isEqualTo(MigrationPhase.PENDING);
    assertThat(result.status().getObservedGeneration()).isEqualTo(1L);
    assertThat(result.requeueAt()).isEmpty();
    Condition ready = condition(result.status(), ConditionType.READY);
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getMessage())
        .isEqualTo("valid; migrates objects from version 1 to 3 when run");
    assertThat(condition(result.status(), ConditionType.SUCCEEDED).getStatus())
        .isEqualTo("Unknown");
    assertThat(result.actions()).contains(new StartMigration(1));
  }

  @Test
  void theRunOfThisGenerationGivesPhaseCountsAndSnapshot() {
    lastRun =
        Optional.of(
            record(1, MigrationPhase.SUCCEEDED, Instant.parse("2026-01-07T09:55:00Z"), null));

    ReconcileResult<MigrationPlanStatus> result = reconcile(plan());

    MigrationPlanStatus status = result.status();
    assertThat(status.getPhase()).isEqualTo(MigrationPhase.SUCCEEDED);
    assertThat(status.getRunGeneration()).isEqualTo(1L);
    assertThat(status.getMigrated()).isEqualTo(38);
    assertThat(status.getSkipped()).isEqualTo(2);
    assertThat(status.getSnapshotJobId()).isEqualTo("20260107T095001Z-def456");
    assertThat(condition(status, ConditionType.SUCCEEDED).getReason()).isEqualTo("RunSucceeded");
    assertThat(result.actions()).noneMatch(StartMigration.class::isInstance);
  }

  @Test
  void aRunningRunIsShownAndNotStartedAgain() {
    lastRun = Optional.of(record(1, MigrationPhase.MIGRATING, null, null));

    ReconcileResult<MigrationPlanStatus> result = reconcile(plan());

    assertThat(result.status().getPhase()).isEqualTo(MigrationPhase.MIGRATING);
    assertThat(result.actions()).noneMatch(StartMigration.class::isInstance);
  }

  @Test
  void aGateBlockedRunIsRetriedAfterFiveMinutes() {
    lastRun =
        Optional.of(
            record(1, MigrationPhase.GATE_BLOCKED, Instant.parse("2026-01-07T09:58:00Z"), null));

    ReconcileResult<MigrationPlanStatus> early = reconcile(plan());
    assertThat(early.status().getPhase()).isEqualTo(MigrationPhase.GATE_BLOCKED);
    assertThat(condition(early.status(), ConditionType.SUCCEEDED).getReason())
        .isEqualTo("RunFailed");
    assertThat(early.requeueAt()).contains(Instant.parse("2026-01-07T10:03:00Z"));
    assertThat(early.actions()).noneMatch(StartMigration.class::isInstance);

    clock.advance(Duration.ofMinutes(3));
    assertThat(reconcile(plan()).actions()).contains(new StartMigration(1));
  }

  @Test
  void anInterruptedRunIsStartedAgainAtOnce() {
    lastRun =
        Optional.of(record(1, MigrationPhase.FAILED, Instant.parse("2026-01-07T09:58:00Z"), true));

    assertThat(reconcile(plan()).actions()).contains(new StartMigration(1));
  }

  @Test
  void aRunOfAnOlderGenerationMeansANewRun() {
    lastRun =
        Optional.of(
            record(1, MigrationPhase.SUCCEEDED, Instant.parse("2026-01-07T09:55:00Z"), null));
    MigrationPlan plan = plan();
    plan.setRef(plan.getRef().withGeneration(2L));

    ReconcileResult<MigrationPlanStatus> result = reconcile(plan);

    assertThat(result.status().getPhase()).isEqualTo(MigrationPhase.PENDING);
    assertThat(result.actions()).contains(new StartMigration(2));
  }

  @Test
  void theOutcomeOfARunStandsUntilTheSpecChanges() {
    MigrationPlan plan = plan();
    MigrationPlanStatus ran = new MigrationPlanStatus();
    ran.setPhase(MigrationPhase.SUCCEEDED);
    ran.setRunGeneration(1L);
    plan.setStatus(ran);

    assertThat(reconcile(plan).status().getPhase()).isEqualTo(MigrationPhase.SUCCEEDED);

    plan.setRef(plan.getRef().withGeneration(2L));
    assertThat(reconcile(plan).status().getPhase()).isEqualTo(MigrationPhase.PENDING);
  }

  @Test
  void anInvalidPlanIsNotReadyAndWaitsForASpecChange() {
    MigrationPlan plan = plan();
    plan.getSpec().setTo(4);

    ReconcileResult<MigrationPlanStatus> result = reconcile(plan);

    assertThat(result.requeueAt()).isEmpty();
    assertThat(result.status().getPhase()).isNull();
    Condition valid = condition(result.status(), ConditionType.VALID);
    assertThat(valid.getStatus()).isEqualTo("False");
    assertThat(valid.getMessage())
        .isEqualTo("spec.steps: end at version 3 but spec.to is 4; add a step from 3 to 4");
    assertThat(condition(result.status(), ConditionType.READY).getReason())
        .isEqualTo("SpecInvalid");
  }

  @Test
  void aMissingPolicyIsLookedForAgainSoon() {
    lookup = ResourceLookup.empty();

    ReconcileResult<MigrationPlanStatus> result = reconcile(plan());

    assertThat(result.requeueAt()).contains(clock.instant().plus(Duration.ofMinutes(1)));
    assertThat(condition(result.status(), ConditionType.READY).getReason())
        .isEqualTo("ReferenceNotFound");
  }

  @Test
  void servesMigrationPlans() {
    assertThat(controller.kind()).isEqualTo("MigrationPlan");
    assertThat(controller.resourceType()).isEqualTo(MigrationPlan.class);
    assertThat(TestingResources.migrationPlan("p", "teaching-data").getSpec().getSteps())
        .hasSize(1);
  }
}
