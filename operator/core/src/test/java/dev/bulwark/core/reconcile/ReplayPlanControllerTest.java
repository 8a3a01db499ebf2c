package dev.bulwark.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.replay.PartitionState;
import dev.bulwark.api.replay.ReplayPhase;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.api.replay.ReplayPlanStatus;
import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.ReconcileContext.Runtime;
import dev.bulwark.core.replay.PartitionOutcome;
import dev.bulwark.core.replay.ReplayRunRecord;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.testing.TestingYaml;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayPlanControllerTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private Optional<ReplayRunRecord> lastRun = Optional.empty();
  private final ReplayPlanController controller =
      new ReplayPlanController(Environment.of(Map.of()));

  private ReconcileResult<ReplayPlanStatus> reconcile(ReplayPlan plan) {
    return controller.reconcile(
        plan,
        new ReconcileContext(
            NOW,
            Runtime.KUBERNETES,
            TestingResources.lookupOf(TestingResources.backupPolicy("teaching-data-local")),
            dev.bulwark.core.jobs.JobLedger.none(),
            dev.bulwark.core.drills.DrillLedger.none(),
            dev.bulwark.core.runs.RunLedger.none(),
            (key, limit) -> lastRun.stream().toList()));
  }

  private static ReplayPlan plan() throws IOException {
    ReplayPlan plan =
        TestingYaml.file(Path.of("../../examples/replay/replay-plan.yaml")).stream()
            .filter(ReplayPlan.class::isInstance)
            .map(ReplayPlan.class::cast)
            .filter(p -> p.getRef().name().equals("exam-scores-v2")) // the one after the ---
            .findFirst()
            .orElseThrow();
    plan.setRef(plan.getRef().withGeneration(2L));
    return plan;
  }

  private static Condition condition(ReplayPlanStatus status, ConditionType type) {
    return status.conditions().get(type).orElseThrow();
  }

  private static ReplayRunRecord run(Long generation, ReplayPhase phase) {
    return new ReplayRunRecord(
        "20261124T095000000Z-0a1b",
        "exam-scores-v2",
        null,
        generation,
        "dry-run",
        "v2",
        "snapshot:20261124T000001Z-77aa",
        phase,
        "dry-run: 3 planned, 1 skipped of 4 partition(s)",
        List.of(
            new PartitionOutcome(
                "2026-11-20",
                PartitionState.PLANNED,
                "no outputs of analyzer version v2",
                "/state/reports/replay/exam-scores-v2/2026-11-20.json"),
            new PartitionOutcome(
                "2026-11-22",
                PartitionState.SKIPPED,
                "no raw inputs for this partition",
                "/state/reports/replay/exam-scores-v2/2026-11-22.json")),
        Instant.parse("2026-11-24T09:50:00Z"),
        Instant.parse("2026-11-24T09:50:02Z"));
  }

  @Test
  void aValidPlanWithoutARunIsPendingAndAsksForOne() throws IOException {
    ReconcileResult<ReplayPlanStatus> result = reconcile(plan());

    assertThat(result.status().getPhase()).isEqualTo(ReplayPhase.PENDING);
    assertThat(condition(result.status(), ConditionType.READY).getMessage())
        .isEqualTo("valid; dry-run of analyzer v2 over 2026-11-20..2026-11-23");
    assertThat(condition(result.status(), ConditionType.SUCCEEDED).getStatus())
        .isEqualTo("Unknown");
    assertThat(result.actions()).contains(new StartReplay(2));
  }

  @Test
  void theNewestRunIsShownAndNotStartedAgainForTheSameGeneration() throws IOException {
    lastRun = Optional.of(run(2L, ReplayPhase.SUCCEEDED));

    ReconcileResult<ReplayPlanStatus> result = reconcile(plan());

    ReplayPlanStatus status = result.status();
    assertThat(status.getPhase()).isEqualTo(ReplayPhase.SUCCEEDED);
    assertThat(status.getPlanned()).isEqualTo(1);
    assertThat(status.getSkipped()).isEqualTo(1);
    assertThat(status.getDone()).isZero();
    assertThat(status.getPartitions())
        .extracting(p -> p.getKey() + " " + p.getState() + " " + p.getEvidence())
        .containsExactly(
            "2026-11-20 PLANNED /state/reports/replay/exam-scores-v2/2026-11-20.json",
            "2026-11-22 SKIPPED /state/reports/replay/exam-scores-v2/2026-11-22.json");
    assertThat(condition(status, ConditionType.SUCCEEDED).getStatus()).isEqualTo("True");
    assertThat(result.actions()).noneMatch(StartReplay.class::isInstance);
  }

  @Test
  void aChangedSpecRunsAgainAndAFailedRunIsShownAsFailed() throws IOException {
    lastRun = Optional.of(run(1L, ReplayPhase.FAILED));

    ReconcileResult<ReplayPlanStatus> result = reconcile(plan());

    assertThat(result.status().getPhase()).isEqualTo(ReplayPhase.FAILED);
    assertThat(condition(result.status(), ConditionType.SUCCEEDED).getStatus()).isEqualTo("False");
    assertThat(result.actions()).contains(new StartReplay(2));
    ReplayPlan again = plan();
    again.setStatus(result.status());
    assertThat(reconcile(again).actions()).noneMatch(StartReplay.class::isInstance);
  }

  @Test
  void anInvalidPlanIsNotReadyAndNeverRuns() throws IOException {
    ReplayPlan plan = plan();
    plan.getSpec().getOutput().setRoot("/data/exams/derived");

    ReconcileResult<ReplayPlanStatus> result = reconcile(plan);

    assertThat(condition(result.status(), ConditionType.READY).getStatus()).isEqualTo("False");
    assertThat(condition(result.status(), ConditionType.READY).getMessage())
        .contains("spec.output.root");
    assertThat(result.actions()).noneMatch(StartReplay.class::isInstance);
  }

  @Test
  void servesReplayPlans() {
    assertThat(controller.kind()).isEqualTo("ReplayPlan");
    assertThat(controller.resourceType()).isEqualTo(ReplayPlan.class);
  }
}
