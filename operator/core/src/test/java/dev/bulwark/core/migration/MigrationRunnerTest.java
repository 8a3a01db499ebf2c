package dev.bulwark.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.migration.MigrationPhase;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.migration.MigrationStep;
import dev.bulwark.core.gate.GateFile;
import dev.bulwark.core.gate.GateInputs;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.gate.ReleaseGate;
import dev.bulwark.engine.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration protocol end to end on a real local repository. */
class MigrationRunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The few-thousand-object run; the other cases need fewer to make their point. */
  private static final int MANY = 2000;

  private static final int OBJECTS = 300;

  @TempDir Path tmp;
  private MigrationFixture fixture;

  @BeforeEach
  void aPolicyOverStudentProfiles() throws IOException {
    fixture = new MigrationFixture(tmp);
  }

  private List<JsonNode> audit() throws IOException {
    try (Stream<String> lines = Files.lines(new MigrationPaths(fixture.state).audit())) {
      return lines
          .map(
              line -> {
                try {
                  return JSON.readTree(line);
                } catch (IOException e) {
                  throw new AssertionError(line, e);
                }
              })
          .toList();
    }
  }

  @Test
  void migratesEveryObjectFromV1ToV3AndASecondRunChangesNothing() throws IOException {
    fixture.profiles(MANY);
    MigrationReport report = fixture.runner().build().run(fixture.request(MigrationFixture.plan()));

    assertThat(report.phase()).as(report.message()).isEqualTo(MigrationPhase.SUCCEEDED);
    assertThat(report.selected()).isEqualTo(MANY);
    assertThat(report.migrated()).isEqualTo(MANY);
    assertThat(report.snapshotJobId()).isNotNull();
    JsonNode migrated = JSON.readTree(fixture.profile(7).toFile());
    assertThat(migrated.get("schema_version").asInt()).isEqualTo(3);
    assertThat(migrated.get("data_domain").asText()).isEqualTo("student_profiles");
    assertThat(migrated.get("generated_by").asText())
        .isEqualTo("bulwark migrate profiles-v1-to-v3");
    assertThat(migrated.get("generated_at").asText()).isEqualTo("2026-11-21T10:00:00Z");
    assertThat(migrated.has("updated_at")).isFalse();
    assertThat(migrated.at("/preferences/language").asText()).isEqualTo("zh-CN");
    assertThat(migrated.at("/profile/strengths/0").asText()).isEqualTo("代数");
    assertThat(migrated.at("/profile/id").asText()).isEqualTo("s-10007");
    assertThat(migrated.get("source_refs").get(0).asText())
        .isEqualTo("student_profiles/class-7/s-10007.json");
    assertThat(Files.readString(fixture.profile(7))).contains("\"name\": \"学生7\"");
    assertThat(new MigrationPaths(fixture.state).journal(Optional.empty(), "profiles-v1-to-v3"))
        .doesNotExist();
    assertThat(fixture.jobs.store().recent(Optional.empty(), "teaching-data", 5).get(0).labels())
        .containsExactly(MigrationRunner.LABEL);

    Map<String, String> after = fixture.tree();
    MigrationReport second = fixture.runner().build().run(fixture.request(MigrationFixture.plan()));

    assertThat(second.phase()).isEqualTo(MigrationPhase.SUCCEEDED);
    assertThat(second.migrated()).isZero();
    assertThat(second.skipped()).isEqualTo(MANY);
    assertThat(second.snapshotJobId()).as("nothing to migrate, nothing to snapshot").isNull();
    assertThat(fixture.tree()).isEqualTo(after);
    JsonNode line = audit().get(0);
    assertThat(line.get("event").asText()).isEqualTo("migration_run");
    assertThat(line.get("name").asText()).isEqualTo("profiles-v1-to-v3");
    assertThat(line.get("job_id").asText()).isEqualTo(report.snapshotJobId());
    assertThat(line.get("result").asText()).isEqualTo("Succeeded");
    assertThat(line.get("actor").asText()).isEqualTo("cli:test");
    assertThat(line.at("/details/migrated").asInt()).isEqualTo(MANY);
    assertThat(line.at("/details/from").asInt()).isEqualTo(1);
    assertThat(line.at("/details/to").asInt()).isEqualTo(3);
    assertThat(line.at("/details/rolled_back").asBoolean()).isFalse();
    assertThat(line.at("/details/duration_ms").isNumber()).isTrue();
    assertThat(audit()).hasSize(2);
  }

  @Test
  void aFailingCommandRollsBackEveryTouchedObjectByteIdentical() throws IOException {
    fixture.profiles(OBJECTS);
    Map<String, String> before = fixture.tree();
    MigrationPlan plan = MigrationFixture.plan();
    // step 2 -> 3 becomes a command that fails on one object in the middle
    MigrationStep command = new MigrationStep();
    command.setFrom(2);
    command.setTo(3);
    command.setCommand(
        List.of(
            "sh",
            "-c",
            "case \"$BULWARK_OBJECT\" in *s-10150.json) echo 'bad profile' >&2; exit 3;; esac; cat \"$1\"",
            "sh",
            "{path}"));
    plan.getSpec().getSteps().set(1, command);

    MigrationReport report = fixture.runner().build().run(fixture.request(plan));

    assertThat(report.phase()).as(report.message()).isEqualTo(MigrationPhase.ROLLED_BACK);
    assertThat(report.rolledBack()).isTrue();
    assertThat(report.restored()).isPositive();
    assertThat(report.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path()).isEqualTo("student_profiles/class-0/s-10150.json");
              assertThat(f.reason()).contains("exited with code 3").contains("bad profile");
            });
    Map<String, String> after = fixture.tree();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    after.forEach(
        (file, hashAndTime) ->
            assertThat(hashAndTime.split(" ")[0])
                .as(file)
                .isEqualTo(before.get(file).split(" ")[0]));
    JsonNode line = audit().get(0);
    assertThat(line.get("result").asText()).isEqualTo("RolledBack");
    assertThat(line.at("/details/rolled_back").asBoolean()).isTrue();
    assertThat(line.at("/details/failures/0/path").asText())
        .isEqualTo("student_profiles/class-0/s-10150.json");
    assertThat(line.get("job_id").asText()).isEqualTo(report.snapshotJobId());
  }

  @Test
  void anUnwritableObjectStopsTheRunAndRollsBack() throws IOException {
    fixture.profiles(OBJECTS);
    Map<String, String> before = fixture.tree();
    Path unwritable = fixture.profile(123);
    AtomicInteger writes = new AtomicInteger();
    DocumentWriter failsOnOne =
        (file, bytes) -> {
          if (file.equals(unwritable)) {
            throw new java.nio.file.AccessDeniedException(
                file.toString(), null, "read-only file system");
          }
          writes.incrementAndGet();
          AtomicFiles.replace(file, bytes);
        };

    MigrationReport report =
        fixture.runner().writer(failsOnOne).build().run(fixture.request(MigrationFixture.plan()));

    assertThat(report.phase()).isEqualTo(MigrationPhase.ROLLED_BACK);
    assertThat(writes.get()).isPositive();
    assertThat(report.restored()).isEqualTo(writes.get());
    assertThat(report.failures().get(0).path()).isEqualTo("student_profiles/class-3/s-10123.json");
    assertThat(report.failures().get(0).reason()).contains("read-only file system");
    Map<String, String> after = fixture.tree();
    after.forEach(
        (file, hashAndTime) ->
            assertThat(hashAndTime.split(" ")[0])
                .as(file)
                .isEqualTo(before.get(file).split(" ")[0]));
    assertThat(new MigrationPaths(fixture.state).journal(Optional.empty(), "profiles-v1-to-v3"))
        .doesNotExist();
  }

  @Test
  void aClosedGateBlocksBeforeAnySnapshotOrWrite() throws IOException {
    fixture.profiles(OBJECTS);
    Map<String, String> before = fixture.tree();
    // The runtime wrote a gate that serves no policy: closed.
    GateFile.in(fixture.state)
        .write(
            ReleaseGate.evaluate(
                GateInputs.of(List.of(), List.of()), GateSettings.defaults(), Instant.now()));

    MigrationReport report =
        fixture
            .runner()
            .gate(new ReleaseGateCheck(fixture.state, java.time.Clock.systemUTC()))
            .build()
            .run(fixture.request(MigrationFixture.plan()));

    assertThat(report.phase()).isEqualTo(MigrationPhase.GATE_BLOCKED);
    assertThat(report.message()).startsWith("the release gate is closed: ");
    assertThat(report.snapshotJobId()).isNull();
    assertThat(fixture.snapshotsTaken()).isZero();
    assertThat(fixture.tree()).isEqualTo(before);
    assertThat(audit().get(0).get("result").asText()).isEqualTo("GateBlocked");
  }

  @Test
  void aGateFileNoRuntimeKeptCurrentBlocks() throws IOException {
    fixture.profiles(OBJECTS);
    GateFile.in(fixture.state)
        .write(
            ReleaseGate.evaluate(
                GateInputs.of(List.of(), List.of()),
                GateSettings.defaults(),
                Instant.now().minusSeconds(3600)));

    MigrationReport report =
        fixture
            .runner()
            .gate(new ReleaseGateCheck(fixture.state, java.time.Clock.systemUTC()))
            .build()
            .run(fixture.request(MigrationFixture.plan()));

    assertThat(report.phase()).isEqualTo(MigrationPhase.GATE_BLOCKED);
    assertThat(report.message()).contains("cannot decide: the status is 60 minutes old");
  }

  @Test
  void aMissingGateFileBlocksUnlessThePlanDoesNotRequireTheGate() throws IOException {
    fixture.profiles(OBJECTS);
    MigrationPlan plan = MigrationFixture.plan();
    MigrationRunner runner =
        fixture
            .runner()
            .gate(new ReleaseGateCheck(fixture.state, java.time.Clock.systemUTC()))
            .build();

    assertThat(runner.run(fixture.request(plan)).message()).contains("no gate evaluated yet");

    plan.getSpec().setRequireGate(false);
    assertThat(runner.run(fixture.request(plan)).phase()).isEqualTo(MigrationPhase.SUCCEEDED);
  }

  @Test
  void aDryRunReportsPerObjectChangesAndWritesNothing() throws IOException {
    fixture.profiles(OBJECTS);
    Map<String, String> before = fixture.tree();
    MigrationPlan plan = MigrationFixture.plan();
    plan.getSpec().setMode(dev.bulwark.api.migration.MigrationMode.DRY_RUN);

    MigrationReport report = fixture.runner().build().run(fixture.request(plan));

    assertThat(report.phase()).isEqualTo(MigrationPhase.SUCCEEDED);
    assertThat(report.mode()).isEqualTo("dry-run");
    assertThat(report.migrated()).isEqualTo(OBJECTS);
    assertThat(report.snapshotJobId()).isNull();
    assertThat(fixture.tree()).isEqualTo(before);
    ObjectChange change = report.changes().get(0);
    assertThat(change.fromVersion()).isEqualTo(1);
    assertThat(change.toVersion()).isEqualTo(3);
    assertThat(change.diff().added())
        .contains("/data_domain", "/generated_at", "/profile", "/source_refs");
    assertThat(change.diff().removed()).contains("/updated_at", "/strengths");
    assertThat(change.diff().changed()).containsExactly("/schema_version");
  }

  @Test
  void objectsOlderThanFromAreReportedAndLeftAlone() throws IOException {
    fixture.profiles(OBJECTS);
    Files.writeString(fixture.profile(3), "{\"schema_version\": 0, \"student_id\": \"s-10003\"}\n");
    Files.writeString(fixture.profile(4), "{\"student_id\": \"s-10004\"}\n");
    Map<String, String> before = fixture.tree();

    MigrationReport report = fixture.runner().build().run(fixture.request(MigrationFixture.plan()));

    assertThat(report.phase()).isEqualTo(MigrationPhase.SUCCEEDED);
    assertThat(report.olderThanFrom())
        .containsExactly(
            "student_profiles/class-3/s-10003.json (version 0)",
            "student_profiles/class-4/s-10004.json (no schema_version)");
    assertThat(fixture.tree().get("student_profiles/class-3/s-10003.json"))
        .isEqualTo(before.get("student_profiles/class-3/s-10003.json"));
    assertThat(report.migrated()).isEqualTo(OBJECTS - 2);
  }

  @Test
  void anUnreadableObjectFailsTheRunBeforeTheSnapshot() throws IOException {
    fixture.profiles(OBJECTS);
    Files.writeString(fixture.profile(5), "{\"schema_version\": 1, \"student_id\": ");
    Map<String, String> before = fixture.tree();

    MigrationReport report = fixture.runner().build().run(fixture.request(MigrationFixture.plan()));

    assertThat(report.phase()).isEqualTo(MigrationPhase.FAILED);
    assertThat(report.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).startsWith("not valid JSON"));
    assertThat(fixture.snapshotsTaken()).isZero();
    assertThat(fixture.tree()).isEqualTo(before);
  }

  @Test
  void theReaderCheckListsObjectsOlderThanNMinusOne() throws Exception {
    fixture.profiles(OBJECTS);
    Files.writeString(fixture.profile(0), "{\"schema_version\": 2}\n");
    Files.writeString(fixture.profile(1), "{\"schema_version\": 3}\n");

    ReaderCheck check =
        fixture.runner().build().checkReaders(fixture.request(MigrationFixture.plan()));

    assertThat(check.oldestReadable()).isEqualTo(2);
    assertThat(check.tooOld())
        .hasSize(OBJECTS - 2)
        .contains("student_profiles/class-2/s-10002.json (version 1)");
    assertThat(check.passed()).isFalse();
  }

  @Test
  void aRunThatDiesMidwayIsRolledBackByTheNextRunWhichThenCompletes() throws IOException {
    fixture.profiles(OBJECTS);
    Path victim = fixture.profile(42);
    AtomicInteger writes = new AtomicInteger();
    DocumentWriter diesMidway =
        (file, bytes) -> {
          if (writes.incrementAndGet() == 100) {
            // the process "dies" halfway through writing a temporary file: a half-written leftover
            Files.write(
                file.resolveSibling("." + file.getFileName() + ".bulwark-dead00000000.tmp"),
                java.util.Arrays.copyOf(bytes, bytes.length / 2));
            throw new ProcessDeath();
          }
          AtomicFiles.replace(file, bytes);
        };
    MigrationPlan plan = MigrationFixture.plan();
    try {
      fixture.runner().writer(diesMidway).build().run(fixture.request(plan));
    } catch (ProcessDeath expected) {
      // the runner's thread is gone; the journal and 99 migrated objects remain
    }
    Path journal = new MigrationPaths(fixture.state).journal(Optional.empty(), "profiles-v1-to-v3");
    assertThat(journal).exists();
    String interruptedRun = MigrationJournal.read(journal).orElseThrow().runId();

    MigrationReport rerun = fixture.runner().build().run(fixture.request(plan));

    assertThat(rerun.phase()).as(rerun.message()).isEqualTo(MigrationPhase.SUCCEEDED);
    assertThat(rerun.recoveredRunId()).isEqualTo(interruptedRun);
    assertThat(rerun.migrated()).isEqualTo(OBJECTS);
    assertThat(journal).doesNotExist();
    for (String file : fixture.tree().keySet()) {
      assertThat(file).doesNotEndWith(".tmp");
    }
    assertThat(JSON.readTree(victim.toFile()).get("schema_version").asInt()).isEqualTo(3);
    try (Stream<Path> files = Files.walk(fixture.data)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(JSON.readTree(f.toFile()).get("schema_version").asInt())
            .as(f.toString())
            .isEqualTo(3);
      }
    }
  }

  /** Stands in for kill -9: an Error nothing in the runner catches. */
  private static final class ProcessDeath extends Error {
    private static final long serialVersionUID = 1L;

    ProcessDeath() {
      super("killed");
    }
  }
}
