package dev.bulwark.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.PeriodicVerify;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.runs.RunService;
import dev.bulwark.core.testing.TestingClock;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.testing.Tamper;
import dev.bulwark.engine.testing.TestTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Periodic verifies of a real local repository: a sample with read-data, damage found and named.
 */
class VerifyRunnerTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path tmp;
  private final TestingClock clock = TestingClock.at(T0);
  private final List<VerifyRecord> told = new ArrayList<>();
  private Path state;
  private Path raw;
  private BackupPolicy policy;
  private PolicyRepositories repositories;
  private VerifyRunner runner;

  @BeforeEach
  void aPolicyWithSnapshots() throws Exception {
    state = tmp.resolve("state");
    raw = Files.createDirectories(tmp.resolve("raw"));
    policy = TestingResources.backupPolicy("teaching-data");
    policy.getSpec().getSources().get(0).setPath(raw.toString());
    repositories =
        new PolicyRepositories(
            Environment.of(Map.of()),
            Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state)),
            clock);
    runner = new VerifyRunner(repositories, new StatePaths(state), clock, told::add);
    for (int i = 1; i <= 5; i++) {
      TestTrees.write(
          raw.resolve("exams/e" + i + ".json"), "{\"schema_version\": 1, \"exam\": " + i + "}");
      backup(T0.plusSeconds(300L * i), i == 1 ? SnapshotType.FULL : SnapshotType.INCREMENTAL);
    }
    clock.set(T0.plusSeconds(3600));
  }

  private BackupResult backup(Instant at, SnapshotType type) throws Exception {
    clock.set(at);
    PolicyRepository bound = repositories.open(policy, Optional.empty());
    return new BackupEngine(bound.repository())
        .backup(BackupRequest.builder().sources(bound.sources()).snapshotType(type).build());
  }

  private VerifyRecord verify() {
    return runner.run(policy, runner.begin(policy, Optional.empty(), "schedule", "controller"));
  }

  @Test
  void aSampleOfAHealthyRepositoryIsReadBackAndPasses() throws IOException {
    VerifyRecord run = verify();

    assertThat(run.state()).as(run.summary()).isEqualTo(VerifyRecord.SUCCESS);
    assertThat(run.snapshotsChecked()).isEqualTo(3);
    assertThat(run.snapshotsInRepository()).isEqualTo(5);
    assertThat(run.readData()).isTrue();
    assertThat(run.filesVerified()).isPositive();
    assertThat(run.target()).isEqualTo("local");
    assertThat(runner.store().recent(RunKey.of(null, "teaching-data"), 5)).containsExactly(run);
    assertThat(told).containsExactly(run);
    JsonNode audit =
        new ObjectMapper().readTree(Files.readAllLines(state.resolve("audit/audit.jsonl")).get(0));
    assertThat(audit.get("event").asText()).isEqualTo("verify");
    assertThat(audit.get("result").asText()).isEqualTo("success");
    assertThat(audit.get("trigger").asText()).isEqualTo("schedule");
  }

  @Test
  void aDamagedPackOfTheNewestSnapshotFailsTheVerifyAndIsNamed() throws Exception {
    TestTrees.write(
        raw.resolve("exams/e6.json"),
        "{\"schema_version\": 1, \"exam\": 6, \"pad\": \"" + "x".repeat(4000) + "\"}");
    BackupResult newest = backup(T0.plusSeconds(1800), SnapshotType.INCREMENTAL);
    Path pack = onlyPackOf(newest.jobId());
    Tamper.flipByte(pack, Files.size(pack) / 2);

    VerifyRecord run = verify();

    assertThat(run.state()).isEqualTo(VerifyRecord.FAILED);
    assertThat(run.problemCount()).isPositive();
    assertThat(run.problems()).anyMatch(p -> p.contains(pack.getFileName().toString()));
    assertThat(run.summary()).contains(pack.getFileName().toString());
  }

  @Test
  void aCorruptManifestIsNamedWithItsSnapshot() throws Exception {
    policy.getSpec().setVerify(new PeriodicVerify());
    policy.getSpec().getVerify().setSample("100%");
    Path manifest;
    try (Stream<Path> files = Files.walk(state.resolve("repository"))) {
      manifest =
          files
              .filter(f -> f.getFileName().toString().equals("backup_manifest.json"))
              .sorted()
              .reduce((a, b) -> b)
              .orElseThrow();
    }
    Files.writeString(
        manifest, Files.readString(manifest).replace("\"snapshot_type\"", "\"snapshot_typ\""));

    VerifyRecord run = verify();

    assertThat(run.state()).isEqualTo(VerifyRecord.FAILED);
    String snapshot = manifest.getParent().getFileName().toString();
    assertThat(run.problems())
        .anyMatch(
            p ->
                p.contains("backup_manifest.json")
                    && p.contains(snapshot)
                    && p.contains("manifest is corrupt"));
  }

  @Test
  void aRunLeftRunningByADeadProcessIsEndedAsFailed() {
    VerifyRecord left = runner.begin(policy, Optional.empty(), "schedule", "controller");

    assertThat(runner.recover(RunKey.of(null, "teaching-data"))).isTrue();

    VerifyRecord ended = runner.store().recent(RunKey.of(null, "teaching-data"), 1).get(0);
    assertThat(ended.runId()).isEqualTo(left.runId());
    assertThat(ended.state()).isEqualTo(VerifyRecord.FAILED);
    assertThat(ended.error()).contains("interrupted");
  }

  @Test
  void throughTheRunFrameworkARunIsRecordedThenEndsAndLeftoversWaitForRecovery() throws Exception {
    RunKey key = RunKey.of(null, "teaching-data");
    try (RunService<VerifyOrder, VerifyRecord, RunLedger<VerifyRecord>> verifies =
        VerifyRuns.inProcess(runner, 1)) {
      VerifyRecord left = runner.begin(policy, Optional.empty(), "schedule", "controller");
      // Reading never writes: the run a dead process left reads as running until recovered.
      assertThat(verifies.ledger().latest(key)).contains(left);
      assertThat(verifies.ledger().latest(key)).contains(left);
      assertThat(verifies.executor().recoverAbandoned(key)).isTrue();
      assertThat(verifies.ledger().latest(key).orElseThrow().error()).contains("interrupted");

      clock.set(T0.plusSeconds(3700)); // run ids sort by start second
      CountDownLatch finished = new CountDownLatch(1);
      VerifyRecord running =
          verifies
              .executor()
              .submit(key, new VerifyOrder(policy, "schedule"), finished::countDown)
              .orElseThrow()
              .record()
              .orElseThrow();
      assertThat(running.state()).isEqualTo(VerifyRecord.RUNNING);
      assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();
      VerifyRecord ended = verifies.ledger().latest(key).orElseThrow();
      assertThat(ended.runId()).isEqualTo(running.runId());
      assertThat(ended.state()).as(ended.summary()).isEqualTo(VerifyRecord.SUCCESS);
    }
  }

  private Path onlyPackOf(String jobId) throws IOException {
    try (Stream<Path> files = Files.walk(state.resolve("repository"))) {
      return files
          .filter(
              f -> f.toString().contains(jobId) && f.getFileName().toString().endsWith(".tar.zst"))
          .findFirst()
          .orElseThrow();
    }
  }
}
