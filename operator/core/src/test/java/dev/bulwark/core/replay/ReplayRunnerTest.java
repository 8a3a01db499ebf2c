package dev.bulwark.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.replay.PartitionState;
import dev.bulwark.api.replay.ReplayMode;
import dev.bulwark.api.replay.ReplayPhase;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.core.RecordFolder;
import dev.bulwark.core.runs.RunKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayRunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private ReplayFixture fixture;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new ReplayFixture(tmp);
  }

  private static Map<String, PartitionState> states(ReplayRunRecord run) {
    Map<String, PartitionState> states = new java.util.TreeMap<>();
    run.partitions().forEach(p -> states.put(p.key(), p.state()));
    return states;
  }

  @Test
  void aDryRunWritesPlanRecordsAndNothingElse() throws Exception {
    Map<String, String> rawBefore = ReplayFixture.tree(fixture.raw);
    ReplayPlan plan = fixture.plan("v1", ReplayMode.DRY_RUN);

    ReplayRunRecord run = fixture.run(plan, ReplayAction.DRY_RUN);

    assertThat(run.phase()).isEqualTo(ReplayPhase.SUCCEEDED);
    assertThat(states(run))
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of(
                    "2026-11-20",
                    PartitionState.PLANNED,
                    "2026-11-21",
                    PartitionState.PLANNED,
                    "2026-11-22",
                    PartitionState.SKIPPED,
                    "2026-11-23",
                    PartitionState.PLANNED)));
    assertThat(fixture.derived).doesNotExist();
    assertThat(ReplayFixture.tree(fixture.raw)).isEqualTo(rawBefore);
    PlanRecord record =
        RecordFolder.readFile(
                fixture.state.resolve("reports/replay/exam-scores-v1/2026-11-20.json"),
                PlanRecord.class)
            .orElseThrow();
    assertThat(record.mode()).isEqualTo("dry-run");
    assertThat(record.expectedInputCount()).isEqualTo(1);
    assertThat(record.currentOutputCount()).isZero();
    assertThat(record.proposedAction()).isEqualTo("replay");
    assertThat(record.idempotencyGuard()).isEqualTo("v1/2026-11-20");
    assertThat(record.upstreamManifest()).isEqualTo("live:" + fixture.raw);
    assertThat(record.targetAssets())
        .containsExactly(fixture.derived.resolve("v1/2026-11-20").toString());
    // Seed 003's field names, as written.
    JsonNode written =
        JSON.readTree(
            fixture.state.resolve("reports/replay/exam-scores-v1/2026-11-20.json").toFile());
    assertThat(written.path("partition_key").asText()).isEqualTo("2026-11-20");
    assertThat(written.path("upstream_manifest_id").asText()).isEqualTo("live:" + fixture.raw);
    assertThat(written.path("operator").asText()).isNotBlank();
    assertThat(written.path("target_assets").get(0).asText())
        .isEqualTo(fixture.derived.resolve("v1/2026-11-20").toString());
    assertThat(written.has("partition")).isFalse();
    assertThat(record.windowStart()).hasToString("2026-11-20T00:00:00Z");
    assertThat(record.windowEnd()).hasToString("2026-11-21T00:00:00Z");
    PlanRecord empty =
        RecordFolder.readFile(
                fixture.state.resolve("reports/replay/exam-scores-v1/2026-11-22.json"),
                PlanRecord.class)
            .orElseThrow();
    assertThat(empty.gapReason()).contains("no raw inputs");
    assertThat(empty.proposedAction()).isEqualTo("skip");
    assertThat(fixture.state.resolve("reports/replay/exam-scores-v1/evidence")).doesNotExist();
    assertThat(Files.readAllLines(fixture.state.resolve("audit/replay_audit.jsonl")))
        .singleElement()
        .satisfies(
            line -> assertThat(JSON.readTree(line).path("event").asText()).isEqualTo("replay_run"));
    assertThat(fixture.runner().store().ledger().latest(RunKey.of(null, "exam-scores-v1")))
        .contains(run);
  }

  @Test
  void aPlanRecordWrittenBeforeTheNamesWereAlignedIsStillRead() throws Exception {
    Path old = Files.createDirectories(fixture.state).resolve("old-plan.json");
    Files.writeString(
        old,
        """
        {"plan": "p", "partition": "2026-11-20", "mode": "dry-run", "upstream_manifest": "live:/data",
         "expected_input_count": 1, "current_output_count": 0, "proposed_action": "replay",
         "target_outputs": "/data/derived/v1/2026-11-20"}
        """);

    PlanRecord record = RecordFolder.readFile(old, PlanRecord.class).orElseThrow();

    assertThat(record.partition()).isEqualTo("2026-11-20");
    assertThat(record.upstreamManifest()).isEqualTo("live:/data");
    assertThat(record.targetAssets()).containsExactly("/data/derived/v1/2026-11-20");
  }

  @Test
  void aHistoricExamReplayedWithV2LeavesV1UntouchedAndComparesThem() throws Exception {
    ReplayRunRecord v1 = fixture.run(fixture.plan("v1", ReplayMode.APPLY), ReplayAction.APPLY);
    assertThat(v1.count(PartitionState.DONE)).isEqualTo(3);
    Map<String, String> v1Outputs = ReplayFixture.tree(fixture.derived.resolve("v1"));
    assertThat(v1Outputs)
        .containsKeys(
            "2026-11-20/algebra-midterm.scores.csv",
            "2026-11-20/algebra-midterm.summary.json",
            "2026-11-20/.bulwark/analyzer.json");

    ReplayPlan v2Plan = fixture.plan("v2", ReplayMode.APPLY);
    v2Plan.getSpec().setCompareWith("v1");
    ReplayRunRecord v2 =
        fixture
            .runner()
            .run(
                ReplayRequest.manual(v2Plan, Optional.empty(), ReplayAction.APPLY, "cli:test")
                    .onlyPartition("2026-11-20"));

    assertThat(ReplayFixture.tree(fixture.derived.resolve("v1"))).isEqualTo(v1Outputs);
    assertThat(states(v2)).containsExactly(Map.entry("2026-11-20", PartitionState.DONE));
    Path published = fixture.derived.resolve("v2/2026-11-20");
    assertThat(Files.readString(published.resolve("algebra-midterm.scores.csv")))
        .contains("s-1001,72.0");
    JsonNode analyzer = JSON.readTree(published.resolve(".bulwark/analyzer.json").toFile());
    assertThat(analyzer.path("analyzer_version").asText()).isEqualTo("v2");
    assertThat(
            JSON.readTree(published.resolve(".bulwark/config.json").toFile())
                .path("questions")
                .asInt())
        .isEqualTo(4);
    try (Stream<Path> left = Files.list(fixture.derived.resolve("v2"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("2026-11-20");
    }

    PartitionEvidence evidence =
        RecordFolder.readFile(fixture.evidence(v2Plan, "2026-11-20"), PartitionEvidence.class)
            .orElseThrow();
    assertThat(evidence.state()).isEqualTo("done");
    assertThat(evidence.inputs())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.path()).isEqualTo("2026-11-20/algebra-midterm.csv");
              assertThat(i.sha256())
                  .isEqualTo(
                      ReplayFixture.sha256(
                          Files.readAllBytes(
                              fixture.raw.resolve("2026-11-20/algebra-midterm.csv"))));
            });
    assertThat(evidence.outputs())
        .extracting(FileDigest::path)
        .containsExactly("algebra-midterm.scores.csv", "algebra-midterm.summary.json");
    assertThat(evidence.checks())
        .extracting(PartitionEvidence.CheckResult::name)
        .containsExactly("outputsPresent", "outputExistsPerInput", "parseJson", "parseCsv");
    assertThat(evidence.checks()).allMatch(PartitionEvidence.CheckResult::passed);
    assertThat(evidence.durationsMs())
        .containsKeys("stage", "analyzer", "checks", "publish", "total");

    ComparisonReport comparison =
        RecordFolder.readFile(Path.of(evidence.comparison()), ComparisonReport.class).orElseThrow();
    assertThat(comparison.oldVersion()).isEqualTo("v1");
    assertThat(comparison.added()).isEmpty();
    assertThat(comparison.removed()).isEmpty();
    assertThat(comparison.changed())
        .extracting(ComparisonReport.FileChange::path)
        .containsExactly("algebra-midterm.scores.csv", "algebra-midterm.summary.json");
    ComparisonReport.FileChange scores = comparison.changed().get(0);
    assertThat(scores.format()).isEqualTo("csv");
    assertThat(scores.valuesChanged()).isEqualTo(3);
    assertThat(scores.samples()).contains("s-1001.total: 75 -> 72.0");
    assertThat(comparison.changed().get(1).samples())
        .contains("/analyzer: \"score-v1\" -> \"score-v2\"");
  }

  @Test
  void applyingTwiceIsANoOpTheSecondTime() throws Exception {
    ReplayPlan plan = fixture.plan("v1", ReplayMode.APPLY);
    fixture.run(plan, ReplayAction.APPLY);
    Map<String, String> outputs = ReplayFixture.tree(fixture.derived);
    String evidence = Files.readString(fixture.evidence(plan, "2026-11-20"));

    ReplayRunRecord again = fixture.run(plan, ReplayAction.APPLY);

    assertThat(again.phase()).isEqualTo(ReplayPhase.SUCCEEDED);
    assertThat(again.count(PartitionState.SKIPPED)).isEqualTo(4);
    assertThat(again.partitions().get(0).reason()).contains("done with guard v1/2026-11-20");
    assertThat(ReplayFixture.tree(fixture.derived)).isEqualTo(outputs);
    assertThat(Files.readString(fixture.evidence(plan, "2026-11-20"))).isEqualTo(evidence);
  }

  @Test
  void backfillFindsAndFillsOnlyTheMissingPartitionsOfItsWindow() throws Exception {
    ReplayPlan plan = fixture.plan("v1", ReplayMode.APPLY);
    fixture.run(plan, ReplayAction.APPLY);
    // 2026-11-21's outputs were lost, and 2026-11-22's raw data arrived late
    StagedInputs.delete(fixture.derived.resolve("v1/2026-11-21"));
    ReplayFixture.copy(
        ReplayFixture.EXAMPLE.resolve("raw/exams/2026-11-21"), fixture.raw.resolve("2026-11-22"));
    Map<String, String> kept = ReplayFixture.tree(fixture.derived.resolve("v1/2026-11-20"));

    ReplayRunRecord dry =
        fixture
            .runner()
            .run(
                ReplayRequest.manual(plan, Optional.empty(), ReplayAction.DRY_RUN, "cli:test")
                    .over(DayWindow.parse("2026-11-20..2026-11-22")));
    assertThat(states(dry))
        .containsEntry("2026-11-21", PartitionState.PLANNED)
        .containsEntry("2026-11-22", PartitionState.PLANNED)
        .containsEntry("2026-11-20", PartitionState.SKIPPED);

    ReplayRunRecord backfill =
        fixture
            .runner()
            .run(
                ReplayRequest.manual(plan, Optional.empty(), ReplayAction.BACKFILL, "cli:test")
                    .over(DayWindow.parse("2026-11-20..2026-11-22")));

    assertThat(states(backfill))
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of(
                    "2026-11-20",
                    PartitionState.SKIPPED,
                    "2026-11-21",
                    PartitionState.DONE,
                    "2026-11-22",
                    PartitionState.DONE)));
    assertThat(fixture.derived.resolve("v1/2026-11-21/geometry-quiz.scores.csv")).exists();
    assertThat(fixture.derived.resolve("v1/2026-11-22/geometry-quiz.scores.csv")).exists();
    assertThat(ReplayFixture.tree(fixture.derived.resolve("v1/2026-11-20"))).isEqualTo(kept);
  }

  @Test
  void applyRefusesToWriteIntoPublishedOutputsOfItsVersion() throws Exception {
    Path foreign = Files.createDirectories(fixture.derived.resolve("v1/2026-11-20"));
    Files.writeString(foreign.resolve("hand-made.csv"), "student_id,total\n");

    ReplayRunRecord run = fixture.run(fixture.plan("v1", ReplayMode.APPLY), ReplayAction.APPLY);

    assertThat(run.phase()).isEqualTo(ReplayPhase.FAILED);
    assertThat(run.partitions().get(0).state()).isEqualTo(PartitionState.FAILED);
    assertThat(run.partitions().get(0).reason())
        .contains("never overwritten")
        .contains("new analyzerVersion");
    try (Stream<Path> files = Files.list(foreign)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("hand-made.csv");
    }
    assertThat(states(run)).containsEntry("2026-11-21", PartitionState.DONE);
  }

  @Test
  void aFailingCheckLeavesNoPublishedOutputs() throws Exception {
    ReplayPlan plan = fixture.plan("v1", ReplayMode.APPLY);
    plan.getSpec()
        .getChecks()
        .setCommand(List.of("sh", "-c", "echo 'totals above 100 in {output}' >&2; exit 3"));

    ReplayRunRecord run = fixture.run(plan, ReplayAction.APPLY);

    assertThat(run.phase()).isEqualTo(ReplayPhase.FAILED);
    assertThat(run.count(PartitionState.FAILED)).isEqualTo(3);
    try (Stream<Path> left = Files.list(fixture.derived.resolve("v1"))) {
      assertThat(left).isEmpty();
    }
    PartitionEvidence evidence =
        RecordFolder.readFile(fixture.evidence(plan, "2026-11-20"), PartitionEvidence.class)
            .orElseThrow();
    assertThat(evidence.state()).isEqualTo("failed");
    assertThat(evidence.published()).isNull();
    assertThat(evidence.error())
        .contains("check command failed")
        .contains("exited with code 3")
        .contains("totals above 100");
    assertThat(evidence.outputs()).isNotEmpty();
  }

  @Test
  void anAnalyzerThatWritesNothingOrFailsPublishesNothing() throws Exception {
    ReplayPlan silent = fixture.plan("v1", ReplayMode.APPLY);
    silent.getSpec().getAnalyzer().setArgv(List.of("true"));
    ReplayRunRecord run = fixture.run(silent, ReplayAction.APPLY);
    assertThat(run.partitions().get(0).reason()).contains("check outputsPresent failed");

    ReplayPlan broken = fixture.plan("v1", ReplayMode.APPLY);
    broken
        .getSpec()
        .getAnalyzer()
        .setArgv(List.of("sh", "-c", "echo partial > {output}/x.csv; exit 2"));
    ReplayRunRecord failed = fixture.run(broken, ReplayAction.APPLY);
    assertThat(failed.partitions().get(0).reason()).contains("exited with code 2");
    try (Stream<Path> left = Files.list(fixture.derived.resolve("v1"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aPlanThatCannotRunSaysWhichFieldToFix() {
    ReplayPlan plan = fixture.plan("v1", ReplayMode.APPLY);
    plan.getSpec().getOutput().setRoot(fixture.derived.toString());
    assertThatThrownBy(() -> fixture.run(plan, ReplayAction.APPLY))
        .isInstanceOf(ReplayPlanException.class)
        .hasMessageContaining("spec.output.root")
        .hasMessageContaining("{analyzerVersion}");
    ReplayPlan outside = fixture.plan("v1", ReplayMode.APPLY);
    assertThatThrownBy(
            () ->
                fixture
                    .runner()
                    .run(
                        ReplayRequest.manual(
                                outside, Optional.empty(), ReplayAction.APPLY, "cli:test")
                            .onlyPartition("2026-12-01")))
        .hasMessageContaining("outside the window 2026-11-20..2026-11-23");
    ReplayPlan snapshot = fixture.plan("v1", ReplayMode.APPLY);
    snapshot.getSpec().getInputs().setFromSnapshot("20261120T000000Z-0001");
    assertThatThrownBy(() -> fixture.run(snapshot, ReplayAction.APPLY))
        .hasMessageContaining("spec.policyRef");
  }
}
