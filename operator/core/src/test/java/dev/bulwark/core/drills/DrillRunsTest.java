package dev.bulwark.core.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.drill.DrillLevel;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.Validators;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.core.runs.RunExecutor;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunService;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.testing.TestTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drills run by the runtimes' executor: in the background, one at a time, and recovered after a
 * crash.
 */
class DrillRunsTest {
  @TempDir Path tmp;
  private Path state;
  private BackupPolicy policy;
  private DrillRunner runner;
  private RunService<DrillRequest, DrillRecord, DrillLedger> drills;

  @BeforeEach
  void aBackedUpPolicy() throws Exception {
    state = tmp.resolve("state");
    Path data = Files.createDirectories(tmp.resolve("data"));
    TestTrees.write(data.resolve("exams/e1.json"), "{\"exam\":1}");
    policy = TestingResources.backupPolicy("teaching-data");
    policy.getSpec().getSources().get(0).setPath(data.toString());
    Environment environment = Environment.of(Map.of());
    PolicyRepositories repositories =
        new PolicyRepositories(
            environment, Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state)));
    PolicyRepository bound = repositories.open(policy, Optional.empty());
    new BackupEngine(bound.repository())
        .backup(
            BackupRequest.builder()
                .sources(bound.sources())
                .snapshotType(SnapshotType.FULL)
                .build());
    runner = DrillRunner.builder(repositories, environment, new StatePaths(state)).build();
    drills = DrillRuns.inProcess(runner, 2);
  }

  @AfterEach
  void close() {
    drills.close();
  }

  private RestoreDrill drill(List<String> command) {
    RestoreDrill drill = TestingResources.restoreDrill("weekly", "teaching-data");
    drill.getSpec().setLevel(DrillLevel.L3);
    if (command != null) {
      Validators validators = new Validators();
      validators.setCommand(command);
      drill.getSpec().setValidators(validators);
    }
    return drill;
  }

  private Optional<DrillRecord> submit(RestoreDrill drill, Runnable onFinished) {
    return drills
        .executor()
        .submit(
            new RunKey(Optional.empty(), drill.getRef().name()),
            new DrillRequest(drill, policy, "schedule"),
            onFinished)
        .flatMap(RunExecutor.Started::record);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after 10 s waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void aRunGoesInTheBackgroundOneAtATimeAndTheLedgerShowsIt() throws Exception {
    Path go = tmp.resolve("go");
    RestoreDrill drill =
        drill(List.of("sh", "-c", "while [ ! -f " + go + " ]; do sleep 0.05; done"));
    AtomicInteger finished = new AtomicInteger();

    Optional<DrillRecord> started = submit(drill, finished::incrementAndGet);

    assertThat(started)
        .get()
        .satisfies(
            r -> {
              assertThat(r.state()).isEqualTo(DrillRecord.RUNNING);
              assertThat(r.trigger()).isEqualTo("schedule");
              assertThat(r.actor()).isEqualTo("controller");
            });
    assertThat(submit(drill, () -> {})).isEmpty();
    assertThat(drills.ledger().recent(Optional.empty(), "weekly"))
        .extracting(DrillRecord::state)
        .containsExactly(DrillRecord.RUNNING); // active here: never mistaken for a dead run

    Files.createFile(go);
    await("the run finished", () -> finished.get() == 1);
    List<DrillRecord> recent = drills.ledger().recent(Optional.empty(), "weekly");
    assertThat(recent).hasSize(1);
    assertThat(recent.get(0).runId()).isEqualTo(started.get().runId());
    assertThat(recent.get(0).state())
        .as(recent.get(0).failureReason())
        .isEqualTo(DrillRecord.SUCCESS);
  }

  @Test
  void aRunLeftRunningByADeadProcessIsEndedAsInterruptedByTheExplicitRecovery() throws Exception {
    DrillRecord abandoned =
        new DrillRecord(
            "20260301T100000Z-0a0b0c",
            "weekly",
            null,
            "teaching-data",
            "L1",
            "schedule",
            "controller",
            DrillRecord.RUNNING,
            Instant.parse("2026-03-01T10:00:00Z"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of());
    runner.store().write(abandoned);
    RunKey key = new RunKey(Optional.empty(), "weekly");

    assertThat(drills.ledger().recent(Optional.empty(), "weekly"))
        .as("reading never recovers: only the explicit call does")
        .containsExactly(abandoned);
    assertThat(state.resolve("audit/restore_audit.jsonl")).doesNotExist();
    assertThat(drills.executor().recoverAbandoned(key)).isTrue();

    List<DrillRecord> recent = drills.ledger().recent(Optional.empty(), "weekly");

    assertThat(recent)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.runId()).isEqualTo(abandoned.runId());
              assertThat(r.state()).isEqualTo(DrillRecord.FAILED);
              assertThat(r.failureReason()).startsWith("interrupted");
            });
    assertThat(Files.readAllLines(state.resolve("audit/restore_audit.jsonl")))
        .singleElement()
        .satisfies(line -> assertThat(line).contains("interrupted"));
    assertThat(submit(drill(null), () -> {})).isPresent();
  }
}
