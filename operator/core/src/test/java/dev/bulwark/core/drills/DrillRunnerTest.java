package dev.bulwark.core.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.Priority;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.drill.DrillLevel;
import dev.bulwark.api.drill.ObjectSample;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.TimeWindow;
import dev.bulwark.api.drill.Validators;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.catalog.SnapshotIndex;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Tamper;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.testing.TestingClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drills of each level against real snapshots on a local repository. */
class DrillRunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path tmp;
  private final TestingClock clock = TestingClock.at(T0);
  private Path state;
  private Path raw;
  private BackupPolicy policy;
  private PolicyRepositories repositories;
  private DrillRunner runner;

  @BeforeEach
  void aPolicyWithTwoDomains() throws IOException {
    state = tmp.resolve("state");
    raw = Files.createDirectories(tmp.resolve("raw"));
    Path media = Files.createDirectories(tmp.resolve("media"));
    for (int i = 1; i <= 5; i++) {
      TestTrees.write(raw.resolve("exams/e" + i + ".json"), "{\"exam\":" + i + "}");
    }
    TestTrees.write(
        raw.resolve("grades.csv"),
        "student,grade\r\n\"Doe, Jane\",\"A \"\"plus\"\"\"\r\nBob,B\r\n");
    TestTrees.randomFile(media.resolve("photo-1.bin"), 300_000, 1);
    TestTrees.randomFile(media.resolve("photo-2.bin"), 200_000, 2);
    policy = TestingResources.backupPolicy("teaching-data");
    policy.getSpec().getSources().get(0).setPath(raw.toString());
    Source second = new Source();
    second.setPath(media.toString());
    second.setDomain("media");
    second.setPriority(Priority.P1);
    policy.getSpec().getSources().add(second);
    Environment environment = Environment.of(Map.of());
    repositories =
        new PolicyRepositories(
            environment, Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state)), clock);
    runner =
        DrillRunner.builder(repositories, environment, new StatePaths(state))
            .clock(clock)
            .commandTimeout(Duration.ofSeconds(30))
            .build();
  }

  private BackupResult backup(Instant at) throws Exception {
    clock.set(at);
    PolicyRepository bound = repositories.open(policy, Optional.empty());
    return new BackupEngine(bound.repository())
        .backup(
            BackupRequest.builder()
                .sources(bound.sources())
                .snapshotType(SnapshotType.FULL)
                .build());
  }

  private RestoreDrill drill(DrillLevel level) {
    RestoreDrill drill = TestingResources.restoreDrill("weekly", "teaching-data");
    drill.getSpec().setLevel(level);
    return drill;
  }

  private DrillRecord run(RestoreDrill drill) {
    return runner.runNow(drill, policy, Optional.empty(), "manual", "cli:ops");
  }

  private List<JsonNode> auditLines() throws IOException {
    Path file = state.resolve("audit/restore_audit.jsonl");
    if (!Files.exists(file)) {
      return List.of();
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  private void assertNoSandboxLeft() throws IOException {
    Path sandboxes = state.resolve("sandbox");
    if (Files.exists(sandboxes)) {
      try (Stream<Path> left = Files.list(sandboxes)) {
        assertThat(left).as("sandboxes left behind").isEmpty();
      }
    }
  }

  @Test
  void anL1DrillRestoresRandomObjectsPerDomainAndMeasuresTheSnapshotsAge() throws Exception {
    BackupResult snapshot = backup(T0);
    clock.set(T0.plusSeconds(95));
    RestoreDrill drill = drill(DrillLevel.L1);
    ObjectSample sample = new ObjectSample();
    sample.setObjectsPerDomain(2);
    drill.getSpec().setObjects(sample);
    Validators validators = new Validators();
    validators.setJson(true);
    drill.getSpec().setValidators(validators);

    DrillRecord record = run(drill);

    assertThat(record.state()).as(record.failureReason()).isEqualTo(DrillRecord.SUCCESS);
    assertThat(record.level()).isEqualTo("L1");
    assertThat(record.objects()).isEqualTo(4); // 2 of raw, 2 of media
    assertThat(record.snapshotJobId()).isEqualTo(snapshot.jobId());
    assertThat(record.actualRpoSeconds())
        .isEqualTo(Duration.between(snapshot.finishedAt(), T0.plusSeconds(95)).getSeconds())
        .isEqualTo(95);
    assertThat(record.actualRtoSeconds()).isZero(); // the testing clock stood still
    assertThat(record.objectivesMet()).isTrue();
    assertThat(record.validations()).anyMatch(v -> v.startsWith("sha256: 4 files"));
    assertNoSandboxLeft();
    assertThat(runner.store().recent(Optional.empty(), "weekly", 5)).containsExactly(record);
    List<JsonNode> audit = auditLines();
    assertThat(audit).hasSize(1);
    JsonNode line = audit.get(0);
    assertThat(line.get("event").asText()).isEqualTo("drill");
    assertThat(line.get("drill").asText()).isEqualTo("weekly");
    assertThat(line.get("level").asText()).isEqualTo("L1");
    assertThat(line.get("snapshot_job_id").asText()).isEqualTo(snapshot.jobId());
    assertThat(line.get("objects").asLong()).isEqualTo(4);
    assertThat(line.get("actual_rpo_seconds").asLong()).isEqualTo(95);
    assertThat(line.get("objectives_met").asBoolean()).isTrue();
    assertThat(line.get("trigger").asText()).isEqualTo("manual");
    assertThat(line.get("actor").asText()).isEqualTo("cli:ops");
  }

  @Test
  void theSchemaPreCheckFailsADrillOfObjectsNewerThanTheirReaders() throws Exception {
    TestTrees.write(raw.resolve("exams/e1.json"), "{\"schema_version\": 3, \"exam\": 1}");
    backup(T0);
    clock.set(T0.plusSeconds(60));
    policy.getSpec().setReaderSchemaVersions(Map.of("raw", 2));

    DrillRecord run = run(drill(DrillLevel.L3));

    assertThat(run.state()).isEqualTo(DrillRecord.FAILED);
    assertThat(run.failureReason())
        .contains("refused by the schema pre-check")
        .contains("domain raw at schema_version 3")
        .contains("exams/e1.json")
        .contains("newer than its readers, which are at 2");
    assertThat(run.remediation()).contains("spec.readerSchemaVersions").contains("MigrationPlan");
    JsonNode trail = JSON.readTree(Files.readAllLines(state.resolve("audit/audit.jsonl")).get(0));
    assertThat(trail.get("event").asText())
        .as("the audit trail records drills (docs/operations.md)")
        .isEqualTo("drill");
    assertThat(trail.get("name").asText()).isEqualTo("weekly");
    assertThat(trail.get("actor").asText()).isEqualTo("cli:ops");
    assertThat(trail.get("result").asText()).isEqualTo("failed");
    assertThat(trail.get("details").get("error").asText()).contains("schema pre-check");
    assertNoSandboxLeft();

    assertThat(runner.store().provenAt(Optional.empty(), "teaching-data"))
        .as("a failure proves nothing")
        .isEmpty();
    policy.getSpec().setReaderSchemaVersions(Map.of("raw", 3));
    DrillRecord passed = run(drill(DrillLevel.L3));
    assertThat(passed.state()).isEqualTo(DrillRecord.SUCCESS);
    assertThat(runner.store().provenAt(Optional.empty(), "teaching-data"))
        .contains(passed.finishedAt());
  }

  @Test
  void theSameRunIdDrawsTheSameObjects() throws Exception {
    backup(T0);
    PolicyRepository bound = repositories.open(policy, Optional.empty());
    SnapshotIndex index =
        bound.repository().readIndex(bound.repository().catalog().newest().orElseThrow());

    List<String> first = RandomObjects.draw(index, 2, "20260301T100000Z-abcdef");

    assertThat(RandomObjects.draw(index, 2, "20260301T100000Z-abcdef")).isEqualTo(first);
    assertThat(first).hasSize(4);
    assertThat(RandomObjects.draw(index, 100, "20260301T100000Z-abcdef"))
        .hasSize(8); // every file, no more
  }

  @Test
  void anL2DrillRestoresTheWindowsSnapshotAndReportsAMissedRpo() throws Exception {
    BackupResult older = backup(T0);
    TestTrees.write(raw.resolve("exams/e1.json"), "{\"exam\":\"changed\"}");
    backup(T0.plus(Duration.ofHours(1)));
    clock.set(T0.plus(Duration.ofMinutes(70)));
    RestoreDrill drill = drill(DrillLevel.L2);
    TimeWindow window = new TimeWindow();
    window.setAgo("30m");
    drill.getSpec().setWindow(window);

    DrillRecord record = run(drill);

    assertThat(record.state()).as(record.failureReason()).isEqualTo(DrillRecord.SUCCESS);
    assertThat(record.snapshotJobId()).isEqualTo(older.jobId());
    assertThat(record.actualRpoSeconds()).isEqualTo(Duration.ofMinutes(70).toSeconds());
    assertThat(record.objects()).isEqualTo(8);
    assertThat(record.objectivesMet()).isFalse();
    assertThat(record.remediation()).contains("the data restored was 1h10m old (objective 5m)");
    assertNoSandboxLeft();
  }

  @Test
  void anL3DrillRestoresEverythingAndRunsEveryValidator() throws Exception {
    BackupResult snapshot = backup(T0);
    clock.set(T0.plusSeconds(30));
    RestoreDrill drill = drill(DrillLevel.L3);
    Validators validators = new Validators();
    validators.setJson(true);
    validators.setCsv(true);
    validators.setCommand(
        List.of(
            "sh",
            "-c",
            "test -f \"$1\"/" + raw.toString().substring(1) + "/grades.csv",
            "check",
            "{sandbox}"));
    drill.getSpec().setValidators(validators);

    DrillRecord record = run(drill);

    assertThat(record.state()).as(record.failureReason()).isEqualTo(DrillRecord.SUCCESS);
    assertThat(record.snapshotJobId()).isEqualTo(snapshot.jobId());
    assertThat(record.objects()).isEqualTo(8);
    assertThat(record.bytes()).isGreaterThan(500_000);
    assertThat(record.actualRpoSeconds()).isEqualTo(30);
    assertThat(record.validations())
        .containsExactly(
            "sha256: 8 files restored, every checksum matched",
            "json: 5 files parsed",
            "csv: 1 files parsed",
            "command: sh exited 0");
    assertNoSandboxLeft();
  }

  @Test
  void anL3DrillOfATreeWithAbsoluteEscapingAndDanglingSymlinksSucceeds() throws Exception {
    // Links are restored as links with their target text and never followed, so a tree that
    // points at the host (/etc/hostname), out of the source or nowhere restores whole.
    Files.createSymbolicLink(raw.resolve("hostname"), Path.of("/etc/hostname"));
    Files.createSymbolicLink(raw.resolve("exams/latest.json"), raw.resolve("exams/e5.json"));
    Files.createSymbolicLink(raw.resolve("up"), Path.of("../../../../../../elsewhere"));
    Files.createSymbolicLink(raw.resolve("gone"), Path.of("/nonexistent/bulwark"));
    BackupResult snapshot = backup(T0);
    RestoreDrill drill = drill(DrillLevel.L3);
    Validators validators = new Validators();
    validators.setJson(true);
    drill.getSpec().setValidators(validators);

    DrillRecord record = run(drill);

    assertThat(record.state()).as(record.failureReason()).isEqualTo(DrillRecord.SUCCESS);
    assertThat(record.snapshotJobId()).isEqualTo(snapshot.jobId());
    assertThat(record.validations()).contains("json: 5 files parsed");
    assertNoSandboxLeft();
    assertThat(Files.readString(raw.resolve("exams/e5.json"))).isEqualTo("{\"exam\":5}");
  }

  @Test
  void aFlippedByteInAStoredPackFailsTheDrillAndNamesTheObject() throws Exception {
    BackupResult snapshot = backup(T0);
    PolicyRepository bound = repositories.open(policy, Optional.empty());
    SnapshotIndex index =
        bound
            .repository()
            .readIndex(bound.repository().catalog().find(snapshot.jobId()).orElseThrow());
    FileEntry victim =
        index.entries().stream()
            .filter(e -> e.path().endsWith("photo-1.bin"))
            .findFirst()
            .orElseThrow();
    LocalTarget target = (LocalTarget) bound.repository().target();
    Tamper.flipByte(
        target.pathOf(index.packKey(victim.pack()).orElseThrow()),
        victim.offset() + victim.length() / 2);

    DrillRecord record = run(drill(DrillLevel.L3));

    assertThat(record.state()).isEqualTo(DrillRecord.FAILED);
    assertThat(record.failureReason()).contains(victim.path()).contains("did not restore intact");
    assertThat(record.remediation())
        .contains("bulwark verify --policy teaching-data --read-data")
        .contains("--snapshot-type full");
    assertThat(record.objectivesMet()).isFalse();
    assertNoSandboxLeft();
    assertThat(auditLines())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.get("result").asText()).isEqualTo("failed");
              assertThat(line.get("failure_reason").asText()).contains(victim.path());
              assertThat(line.get("remediation").asText()).contains("--read-data");
            });
  }

  @Test
  void aBrokenCsvFailsTheDrillNamingTheFileAndTheSandboxIsStillRemoved() throws Exception {
    TestTrees.write(raw.resolve("broken.csv"), "a,b\r\n\"unclosed,c\r\n");
    backup(T0);
    RestoreDrill drill = drill(DrillLevel.L3);
    Validators validators = new Validators();
    validators.setCsv(true);
    drill.getSpec().setValidators(validators);

    DrillRecord record = run(drill);

    assertThat(record.state()).isEqualTo(DrillRecord.FAILED);
    assertThat(record.failureReason())
        .contains("broken.csv is not valid CSV")
        .contains("opening double quote is never closed");
    assertNoSandboxLeft();
  }

  @Test
  void aFailingCommandFailsTheDrillWithItsOutput() throws Exception {
    backup(T0);
    RestoreDrill drill = drill(DrillLevel.L3);
    Validators validators = new Validators();
    validators.setCommand(List.of("sh", "-c", "echo rows missing in {sandbox} >&2; exit 4"));
    drill.getSpec().setValidators(validators);

    DrillRecord record = run(drill);

    assertThat(record.state()).isEqualTo(DrillRecord.FAILED);
    assertThat(record.failureReason())
        .contains("exited with code 4")
        .contains("rows missing in " + state);
    assertNoSandboxLeft();
  }

  @Test
  void aSandboxThatHoldsFilesIsRefusedAndLeftAlone() throws Exception {
    backup(T0);
    Path sandbox = Files.createDirectories(tmp.resolve("sandbox"));
    Path precious = TestTrees.write(sandbox.resolve("precious.txt"), "keep me");
    RestoreDrill drill = drill(DrillLevel.L3);
    drill.getSpec().setSandbox(sandbox.toString());

    DrillRecord record = run(drill);

    assertThat(record.state()).isEqualTo(DrillRecord.FAILED);
    assertThat(record.failureReason()).contains("exists and is not empty");
    assertThat(precious).hasContent("keep me");
  }

  @Test
  void anEmptySandboxGivenBySpecIsUsedAndEmptiedButKept() throws Exception {
    backup(T0);
    Path sandbox = Files.createDirectories(tmp.resolve("mounted"));
    RestoreDrill drill = drill(DrillLevel.L3);
    drill.getSpec().setSandbox(sandbox.toString());

    assertThat(run(drill).state()).isEqualTo(DrillRecord.SUCCESS);
    assertThat(sandbox).isEmptyDirectory();
  }

  @Test
  void aPolicyWithoutSnapshotsFailsWithABackupHint() throws Exception {
    DrillRecord record = run(drill(DrillLevel.L1));

    assertThat(record.state()).isEqualTo(DrillRecord.FAILED);
    assertThat(record.failureReason()).contains("has no snapshots");
    assertThat(record.remediation()).contains("bulwark backup --policy teaching-data");
    assertThat(auditLines()).hasSize(1);
  }

  @Test
  void eachRunAppendsOneAuditLine() throws Exception {
    backup(T0);
    run(drill(DrillLevel.L1));
    run(drill(DrillLevel.L3));

    assertThat(auditLines()).extracting(n -> n.get("level").asText()).containsExactly("L1", "L3");
    assertThat(runner.store().recent(Optional.empty(), "weekly", 10)).hasSize(2);
  }
}
