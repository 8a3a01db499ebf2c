package dev.bulwark.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.StatePaths;
import dev.bulwark.core.drills.DrillPaths;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.drills.DrillStore;
import dev.bulwark.core.jobs.FailureKind;
import dev.bulwark.core.jobs.JobRecords;
import dev.bulwark.core.jobs.JobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate as {@code bulwark gate check} decides it from a written gate file: facts brought up to
 * date with records written since, and no verdict from a file no runtime keeps current.
 */
class WrittenGateTest {
  private static final Instant WRITTEN = Instant.parse("2026-03-02T08:00:00Z");

  @TempDir Path state;

  /** What the runtime wrote: policy demo backed up 5 minutes before, and its drill never passed. */
  private GateDecision written() {
    PolicyFacts demo =
        StatusFacts.policy(GateFixtures.healthyPolicy("demo", WRITTEN.minusSeconds(300)));
    DrillFacts weekly =
        new DrillFacts("weekly", "demo", "L1", true, null, null, null, null, null, null);
    return ReleaseGate.evaluate(
        GateInputs.of(List.of(demo), List.of(weekly)), GateSettings.defaults(), WRITTEN);
  }

  private GateCheck check(GateDecision written, Instant now) {
    return GateCheck.of(
        written,
        RecordedFacts.newer(written.inputs(), new StatePaths(state)),
        written.settings(),
        now,
        GateCheck.DEFAULT_STALE_AFTER);
  }

  @Test
  void aDrillRecordedAfterTheFileWasWrittenOpensTheGateAtOnce() {
    GateDecision written = written();
    assertThat(check(written, WRITTEN.plusSeconds(20)).verdict())
        .isEqualTo(GateCheck.Verdict.BLOCKED);

    Instant ran = WRITTEN.plusSeconds(30);
    new DrillStore(new DrillPaths(new StatePaths(state)))
        .write(
            new DrillRecord(
                "20260302T080030Z-abcdef",
                "weekly",
                null,
                "demo",
                "L1",
                "manual",
                "cli:ops",
                DrillRecord.SUCCESS,
                ran,
                ran.plusSeconds(5),
                "20260302T075500Z-a1b2c3",
                WRITTEN.minusSeconds(300),
                4L,
                100L,
                335L,
                5L,
                true,
                null,
                null,
                List.of("sha256: 4 files restored")));

    GateCheck check = check(written, WRITTEN.plusSeconds(40));
    assertThat(check.verdict())
        .as("%s", check.decision().reasons())
        .isEqualTo(GateCheck.Verdict.OPEN);
    assertThat(check.decision().policies().get(0).provenBy()).isEqualTo("weekly");
  }

  @Test
  void aJobFailureRecordedAfterTheFileWasWrittenBlocks() {
    new DrillStore(new DrillPaths(new StatePaths(state)))
        .write(
            new DrillRecord(
                "20260302T075000Z-abcdef",
                "weekly",
                null,
                "demo",
                "L1",
                "manual",
                "cli:ops",
                DrillRecord.SUCCESS,
                WRITTEN.minusSeconds(600),
                WRITTEN.minusSeconds(590),
                "20260302T074500Z-a1b2c3",
                WRITTEN.minusSeconds(900),
                4L,
                100L,
                335L,
                5L,
                true,
                null,
                null,
                List.of()));
    GateDecision written = written();
    assertThat(check(written, WRITTEN.plusSeconds(10)).verdict()).isEqualTo(GateCheck.Verdict.OPEN);

    new JobStore(new StatePaths(state))
        .write(
            JobRecords.failed(
                "demo", "incremental", 1, FailureKind.TARGET, WRITTEN.plusSeconds(30)));

    GateCheck check = check(written, WRITTEN.plusSeconds(60));
    assertThat(check.verdict()).isEqualTo(GateCheck.Verdict.BLOCKED);
    assertThat(check.decision().reasons())
        .anyMatch(r -> r.contains("failed") && r.contains("disk unplugged"));
  }

  @Test
  void unattributedFilesInTheFileStillBlockWhenRecordsAreNewer() {
    PolicyFacts demo =
        StatusFacts.policy(GateFixtures.healthyPolicy("demo", WRITTEN.minusSeconds(300)));
    GateDecision written =
        ReleaseGate.evaluate(
            GateInputs.of(List.of(demo), List.of())
                .withUnattributedFiles(
                    List.of(new UnattributedFile("binary.yaml", "not a YAML document"))),
            GateSettings.defaults(),
            WRITTEN);
    new JobStore(new StatePaths(state))
        .write(
            JobRecords.failed(
                "demo", "incremental", 1, FailureKind.TARGET, WRITTEN.plusSeconds(30)));

    GateCheck check = check(written, WRITTEN.plusSeconds(60));

    assertThat(check.decision().unattributedFiles())
        .extracting(UnattributedFile::file)
        .containsExactly("binary.yaml");
    assertThat(check.decision().reasons()).anyMatch(r -> r.startsWith("policy file binary.yaml"));
  }

  @Test
  void aFileNoRuntimeKeptCurrentCannotDecide() {
    GateDecision written = written();

    GateCheck check = check(written, WRITTEN.plus(Duration.ofMinutes(12)));

    assertThat(check.verdict()).isEqualTo(GateCheck.Verdict.UNDECIDED);
    assertThat(check.verdict().exitCode()).isEqualTo(2);
    assertThat(check.undecidedReason())
        .startsWith(
            "cannot decide: the status is 12 minutes old (gate.json was last evaluated at 2026-03-02T08:00:00Z")
        .contains("bulwark run");
    assertThat(check(written, WRITTEN.plus(Duration.ofMinutes(5))).verdict())
        .as("5 minutes is within the limit")
        .isEqualTo(GateCheck.Verdict.BLOCKED);
  }

  @Test
  void theJsonSaysWhetherTheGateCouldDecide() {
    GateCheck undecided = check(written(), WRITTEN.plus(Duration.ofHours(3)));

    String json = GateFile.toJson(undecided);

    assertThat(json)
        .contains("\"verdict\" : \"undecided\"")
        .contains("\"undecided_reason\" : \"cannot decide: the status is 3h old");
    assertThat(GateFile.toJson(check(written(), WRITTEN))).contains("\"verdict\" : \"blocked\"");
  }
}
