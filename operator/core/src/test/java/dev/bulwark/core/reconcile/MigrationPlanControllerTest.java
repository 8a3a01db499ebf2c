package dev.bulwark.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.migration.MigrationPhase;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.migration.MigrationPlanStatus;
import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.ReconcileContext.Runtime;
import dev.bulwark.core.testing.TestingClock;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.testing.TestingYaml;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationPlanControllerTest {
  private final TestingClock clock = TestingClock.at("2026-01-07T10:00:00Z");
  private final MigrationPlanController controller =
      new MigrationPlanController(Environment.of(Map.of()));
  private ResourceLookup lookup =
      TestingResources.lookupOf(TestingResources.backupPolicy("teaching-data"));

  private ReconcileResult<MigrationPlanStatus> reconcile(MigrationPlan plan) {
    return controller.reconcile(
        plan, new ReconcileContext(clock.instant(), Runtime.KUBERNETES, lookup));
  }

  private static MigrationPlan plan() {
    return TestingYaml.resource("/reconcile/migration-plan.yaml", MigrationPlan.class);
  }

  private static Condition condition(MigrationPlanStatus status, ConditionType type) {
    return status.conditions().get(type).orElseThrow();
  }

  @Test
  void aValidPlanIsPendingAndNeverRequeues() {
    ReconcileResult<MigrationPlanStatus> result = reconcile(plan());

    assertThat(result.status().getPhase()).isEqualTo(MigrationPhase.PENDING);
    assertThat(result.status().getObservedGeneration()).isEqualTo(1L);
    assertThat(result.requeueAt()).isEmpty();
    Condition ready = condition(result.status(), ConditionType.READY);
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getMessage())
        .isEqualTo("valid; migrates objects from version 1 to 3 when run");
    assertThat(result.actions()).hasSize(2);
  }

  @Test
  void theOutcomeOfARunStandsUntilTheSpecChanges() {
    MigrationPlan plan = plan();
    MigrationPlanStatus ran = new MigrationPlanStatus();
    ran.setPhase(MigrationPhase.SUCCEEDED);
    ran.setRunGeneration(1L);
    plan.setStatus(ran);

    assertThat(reconcile(plan).status().getPhase()).isEqualTo(MigrationPhase.SUCCEEDED);

    plan.getMetadata().setGeneration(2L);
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
