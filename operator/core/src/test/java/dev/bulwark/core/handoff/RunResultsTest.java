package dev.bulwark.core.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.jobs.FailureKind;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobState;
import dev.bulwark.engine.backup.BackupResult.DomainTotals;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunResultsTest {
  private static final Instant AT = Instant.parse("2026-12-05T13:10:00.25Z");

  private static JobRecord running() {
    return HandoffSamples.pending("demo").running("local", Instant.parse("2026-12-05T13:00:01Z"));
  }

  @Test
  void jobRecordsInEveryEndingComeBackEqual() throws Exception {
    JobRecord success =
        running().succeeded("full", AT, 12, 3456, 3000, Map.of("raw", new DomainTotals(12, 3456)));
    JobRecord failed =
        running()
            .replacingCorrupt("20261204T020000Z-aaaaaa", "manifest: sha256 mismatch")
            .ended(JobState.FAILED, FailureKind.TARGET, "local: /repo: permission denied", AT);
    JobRecord canceled =
        running()
            .withLabel("pre-upgrade", "local")
            .retrying("20261205T125000Z-ffeedd")
            .ended(JobState.CANCELED, FailureKind.INTERRUPTED, "canceled: SIGTERM", AT);

    for (JobRecord record : List.of(success, failed, canceled)) {
      String message = RunResults.ofJob(record);
      assertThat(message).doesNotContain("\n").startsWith("{\"job_id\":");
      assertThat(RunResults.job(message)).isEqualTo(record);
    }
  }

  @Test
  void drillRecordsInEveryEndingComeBackEqual() throws Exception {
    DrillRecord success =
        drillEnding(DrillRecord.SUCCESS, null, null, List.of("sha256: 2 files restored"));
    DrillRecord failed =
        drillEnding(
            DrillRecord.FAILED,
            "restore of snapshot x failed: raw/a.json: sha256 mismatch",
            "run `bulwark verify --policy demo --read-data`",
            List.of());

    for (DrillRecord record : List.of(success, failed)) {
      assertThat(RunResults.drill(RunResults.ofDrill(record))).isEqualTo(record);
    }
  }

  @Test
  void aHugeErrorIsShortenedToTheLimitAfterTheDomainsAreDropped() throws Exception {
    Map<String, DomainTotals> domains = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      domains.put("domain-" + i, new DomainTotals(i, 1000L * i));
    }
    // 10 KB of text with multi-byte characters and characters JSON escapes
    String error = "target s3 failed: " + "é\"\\\u0001€𝄞 x".repeat(1000);
    JobRecord record =
        running()
            .succeeded("full", AT, 1, 1, 1, domains)
            .ended(JobState.FAILED, FailureKind.BACKUP, error, AT)
            .replacingCorrupt("20261204T020000Z-aaaaaa", "z".repeat(5000));
    assertThat(error.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(10_000);

    String message = RunResults.ofJob(record);

    assertThat(message.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(RunResults.LIMIT)
        .isGreaterThan(RunResults.LIMIT - 20);
    JobRecord read = RunResults.job(message);
    assertThat(read.domains()).isNull();
    assertThat(read.error()).startsWith("target s3 failed: é\"\\").endsWith("…");
    assertThat(error).startsWith(read.error().substring(0, read.error().length() - 1));
    assertThat(read.corruptReason()).endsWith("…");
    assertThat(read.jobId()).isEqualTo(record.jobId());
    assertThat(read.state()).isEqualTo(JobState.FAILED);
  }

  @Test
  void domainsAloneAreDroppedWhenThatIsEnough() throws Exception {
    Map<String, DomainTotals> domains = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      domains.put("domain-" + i, new DomainTotals(i, i));
    }
    JobRecord record = running().succeeded("full", AT, 1, 1, 1, domains);

    JobRecord read = RunResults.job(RunResults.ofJob(record));

    assertThat(read.domains()).isNull();
    assertThat(read.files()).isEqualTo(1);
  }

  @Test
  void aLongDrillFailureDropsTheValidationsThenShortensTheTexts() throws Exception {
    List<String> validations = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      validations.add("json: file " + i + " parsed");
    }
    DrillRecord record =
        drillEnding(DrillRecord.FAILED, "f".repeat(10_000), "r".repeat(3000), validations);

    String message = RunResults.ofDrill(record);

    assertThat(message.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(RunResults.LIMIT);
    DrillRecord read = RunResults.drill(message);
    assertThat(read.validations()).isEmpty();
    assertThat(read.failureReason()).endsWith("…");
    assertThat(read.remediation()).isNotEmpty();
    assertThat(read.runId()).isEqualTo(record.runId());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "bulwark execute backup: BULWARK_RUN: record.job_id: missing",
        "{\"policy\":\"demo\",\"state\":\"success\"}",
        "{\"job_id\":\"j\",\"policy\":\"demo\",\"state\":\"running\"}",
        "{\"job_id\":\"j\",\"policy\":\"demo\",\"state\":\"failed\"}",
        "{\"job_id\":\"j\",\"policy\":\"demo\",\"state\":\"exploded\"}"
      })
  void aMessageThatIsNotAFinishedJobIsRefusedByField(String message) {
    assertThatThrownBy(() -> RunResults.job(message))
        .isInstanceOf(HandoffException.class)
        .hasMessageStartingWith("termination message: ")
        .satisfies(
            e ->
                assertThat(((HandoffException) e).field())
                    .isIn("document", "job_id", "state", "error"));
  }

  @Test
  void aRunningDrillIsNotAResult() {
    assertThatThrownBy(
            () -> RunResults.drill("{\"run_id\":\"r\",\"drill\":\"d\",\"state\":\"running\"}"))
        .isInstanceOf(HandoffException.class)
        .hasMessage("termination message: state: running is not an ending (success or failed)");
  }

  private static DrillRecord drillEnding(
      String state, String failure, String remediation, List<String> validations) {
    return new DrillRecord(
        "20261205T130500Z-123abc",
        "demo-l3",
        "school",
        "demo",
        "L3",
        "schedule",
        "controller",
        state,
        Instant.parse("2026-12-05T13:05:00Z"),
        AT,
        "20261205T130000Z-0a1b2c",
        Instant.parse("2026-12-05T13:00:30Z"),
        2L,
        41L,
        270L,
        3L,
        DrillRecord.SUCCESS.equals(state),
        failure,
        remediation,
        validations);
  }
}
