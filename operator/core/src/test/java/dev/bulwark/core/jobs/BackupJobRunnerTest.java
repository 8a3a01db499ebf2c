package dev.bulwark.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.Hooks;
import dev.bulwark.api.backup.Retention;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.backup.Throttle;
import dev.bulwark.api.backup.Timeouts;
import dev.bulwark.api.common.HookCommand;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.backup.TargetOpener;
import dev.bulwark.core.runs.RunLock;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.lock.RepositoryLock;
import dev.bulwark.engine.progress.Progress;
import dev.bulwark.engine.progress.ProgressListener;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.FailingWritesTarget;
import dev.bulwark.engine.testing.TestTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One job end to end on a real local repository: records, audit, hooks, targets, cancel, recovery,
 * pruning.
 */
class BackupJobRunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private Path data;
  private Path state;
  private BackupPolicy policy;

  @BeforeEach
  void aPolicyOverASampleTree() throws IOException {
    data = Files.createDirectories(tmp.resolve("data"));
    TestTrees.sampleTree(data);
    state = tmp.resolve("state");
    policy = TestingResources.backupPolicy("teaching-data");
    policy.getSpec().getSources().get(0).setPath(data.toString());
  }

  private BackupJobRunner runner(
      Map<TargetProvider, TargetOpener> openers, Environment environment) {
    return runner(openers, environment, java.time.Clock.systemUTC());
  }

  private BackupJobRunner runner(
      Map<TargetProvider, TargetOpener> openers, Environment environment, java.time.Clock clock) {
    return BackupJobRunner.builder(
            new PolicyRepositories(environment, openers, clock), environment, new StatePaths(state))
        .clock(clock)
        .lockWait(Duration.ofSeconds(2))
        .build();
  }

  private BackupJobRunner localRunner() {
    return runner(
        Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state)), Environment.of(Map.of()));
  }

  private static JobOutcome run(BackupJobRunner runner, BackupPolicy policy, JobOrder order) {
    JobRecord pending = runner.enqueue(policy, Optional.empty(), order);
    return runner.run(policy, pending, order, ProgressListener.NONE, new JobControl());
  }

  private List<JsonNode> auditLines() throws IOException {
    Path audit = new StatePaths(state).auditLog();
    try (Stream<String> lines = Files.lines(audit)) {
      return lines
          .map(
              line -> {
                try {
                  return JSON.readTree(line);
                } catch (IOException e) {
                  throw new AssertionError("not JSON: " + line, e);
                }
              })
          .toList();
    }
  }

  private Repository repository() throws IOException {
    return Repository.builder(new LocalTarget(state.resolve("repository")), "test", "teaching-data")
        .build();
  }

  @Test
  void aCorruptNewestManifestMakesTheNextJobAFullThatSaysWhy() throws Exception {
    BackupJobRunner runner = localRunner();
    JobOrder incremental = JobOrder.scheduled(SnapshotType.INCREMENTAL, 1);
    run(runner, policy, incremental);
    TestTrees.write(data.resolve("new.json"), "{\"n\": 1}");
    JobRecord newest = run(runner, policy, incremental).record();
    assertThat(newest.snapshotType()).isEqualTo("incremental");
    Path manifest;
    try (Stream<Path> files = Files.walk(state.resolve("repository"))) {
      manifest =
          files
              .filter(f -> f.endsWith(newest.jobId() + "/backup_manifest.json"))
              .findFirst()
              .orElseThrow();
    }
    Files.writeString(manifest, "{\"format_version\": 1, \"garbage\": true}");

    JobOutcome next = run(runner, policy, incremental);

    JobRecord record = next.record();
    assertThat(record.state()).as(String.valueOf(record.error())).isEqualTo(JobState.SUCCESS);
    assertThat(record.requestedType()).isEqualTo("incremental");
    assertThat(record.snapshotType()).isEqualTo("full");
    assertThat(record.corruptSnapshot()).isEqualTo(newest.jobId());
    assertThat(record.corruptReason()).contains("manifest is corrupt");
    assertThat(runner.store().jobs(Optional.empty(), "teaching-data").history().lastCorruptFound())
        .isEqualTo(record);
    JsonNode finished = auditLines().get(auditLines().size() - 1);
    assertThat(finished.get("details").get("corrupt_snapshot").asText()).isEqualTo(newest.jobId());

    // The cycle goes on from the new full.
    TestTrees.write(data.resolve("newer.json"), "{\"n\": 2}");
    JobRecord after = run(runner, policy, incremental).record();
    assertThat(after.state()).isEqualTo(JobState.SUCCESS);
    assertThat(after.snapshotType()).isEqualTo("incremental");
    assertThat(after.corruptSnapshot()).isNull();
  }

  @Test
  void aSuccessfulJobIsRecordedAuditedAndRestoresByteIdentical() throws Exception {
    BackupJobRunner runner = localRunner();

    JobOutcome outcome =
        run(runner, policy, JobOrder.manual(SnapshotType.INCREMENTAL, "cli:ops", Optional.empty()));

    JobRecord record = outcome.record();
    assertThat(record.state()).isEqualTo(JobState.SUCCESS);
    assertThat(record.snapshotType()).isEqualTo("full"); // the first of a cycle
    assertThat(record.requestedType()).isEqualTo("incremental");
    assertThat(record.target()).isEqualTo("local");
    assertThat(record.files()).isPositive();
    assertThat(runner.store().recent(Optional.empty(), "teaching-data", 5)).containsExactly(record);
    assertThat(auditLines())
        .extracting(n -> n.get("event").asText())
        .containsExactly("job_started", "job_finished");
    JsonNode finished = auditLines().get(1);
    assertThat(finished.get("job_id").asText()).isEqualTo(record.jobId());
    assertThat(finished.get("trigger").asText()).isEqualTo("manual");
    assertThat(finished.get("actor").asText()).isEqualTo("cli:ops");
    assertThat(finished.get("result").asText()).isEqualTo("success");
    assertThat(state.resolve("state/latest_local.json")).exists();
    assertThat(runner.store().lifecycle(Optional.empty(), "teaching-data"))
        .get()
        .satisfies(l -> assertThat(l.effective()).isTrue());

    Path restored = tmp.resolve("restored");
    new RestoreEngine(repository())
        .restore(RestoreRequest.builder(restored).snapshot(record.jobId()).build());
    TestTrees.assertSameTree(data, restored.resolve(data.toString().substring(1)));
  }

  @Test
  void theJobIdIsTheSnapshotIdAndPreUpgradeIsLabelled() throws Exception {
    JobOutcome outcome =
        run(localRunner(), policy, JobOrder.preUpgrade("cli:ops", Optional.empty()));

    assertThat(outcome.record().labels()).containsExactly("pre-upgrade");
    assertThat(outcome.record().trigger()).isEqualTo(JobTrigger.PRE_UPGRADE);
    assertThat(repository().catalog().find(outcome.record().jobId())).isPresent();
    assertThat(outcome.result().orElseThrow().jobId()).isEqualTo(outcome.record().jobId());
  }

  @Test
  void aFailingPreHookFailsTheJobAndPostHooksStillRunWithTheResult() throws Exception {
    Path marker = tmp.resolve("post-ran");
    policy
        .getSpec()
        .setHooks(
            hooks(
                List.of("sh", "-c", "echo cannot flush >&2; exit 3"),
                List.of("sh", "-c", "echo \"$BULWARK_JOB_RESULT\" > " + marker)));

    JobOutcome outcome = run(localRunner(), policy, JobOrder.scheduled(SnapshotType.FULL, 1));

    assertThat(outcome.record().state()).isEqualTo(JobState.FAILED);
    assertThat(outcome.record().failureKind()).isEqualTo(FailureKind.HOOK);
    assertThat(outcome.record().error()).contains("cannot flush");
    assertThat(Files.readString(marker).strip()).isEqualTo("failed");
    assertThat(repository().catalog().list()).isEmpty();
  }

  @Test
  void anUnreachableTargetFailsTheJobWithTheReasonAndWritesNothingElsewhere() throws Exception {
    policy.getSpec().setTarget(TargetProvider.S3);
    TargetOpener down =
        p -> {
          throw new IOException("connect to 127.0.0.1:1 refused");
        };
    BackupJobRunner runner =
        runner(
            Map.of(TargetProvider.S3, down, TargetProvider.LOCAL, new LocalTargetOpener(state)),
            Environment.of(Map.of()));

    JobOutcome outcome = run(runner, policy, JobOrder.scheduled(SnapshotType.INCREMENTAL, 1));

    assertThat(outcome.record().state()).isEqualTo(JobState.FAILED);
    assertThat(outcome.record().failureKind()).isEqualTo(FailureKind.TARGET);
    assertThat(outcome.record().target()).isEqualTo("s3");
    assertThat(outcome.record().error()).contains("target s3").contains("refused");
    assertThat(state.resolve("repository")).doesNotExist();
  }

  @Test
  void aFallbackIsUsedOnlyWhenSingleTargetEnforcementIsOffAndIsLabelled() throws Exception {
    policy.getSpec().setTarget(TargetProvider.S3);
    policy.getSpec().setFallbackTarget(TargetProvider.LOCAL);
    TargetOpener down =
        p -> {
          throw new IOException("connect refused");
        };
    BackupJobRunner runner =
        runner(
            Map.of(TargetProvider.S3, down, TargetProvider.LOCAL, new LocalTargetOpener(state)),
            Environment.of(Map.of("BACKUP_SINGLE_TARGET_ENFORCED", "0")));

    JobOutcome outcome = run(runner, policy, JobOrder.scheduled(SnapshotType.INCREMENTAL, 1));

    assertThat(outcome.record().state()).isEqualTo(JobState.SUCCESS);
    assertThat(outcome.record().target()).isEqualTo("local");
    assertThat(outcome.record().labels()).containsExactly("fallback-from-s3");
  }

  @Test
  void aCanceledJobEndsCanceledLeavesNoSnapshotAndTheNextJobSucceeds() throws Exception {
    TestTrees.randomFile(data.resolve("big.bin"), 64L * 1024 * 1024, 7);
    BackupJobRunner runner = localRunner();
    JobOrder order = JobOrder.scheduled(SnapshotType.FULL, 1);
    JobRecord pending = runner.enqueue(policy, Optional.empty(), order);
    JobControl control = new JobControl();
    CountDownLatch reading = new CountDownLatch(1);
    ProgressListener progress =
        new ProgressListener() {
          @Override
          public void progress(Progress p) {
            if (p.bytesDone() > 0) {
              reading.countDown();
            }
          }
        };
    CompletableFuture<JobOutcome> job =
        CompletableFuture.supplyAsync(() -> runner.run(policy, pending, order, progress, control));
    assertThat(reading.await(20, TimeUnit.SECONDS)).isTrue();

    control.cancel("SIGTERM");
    JobOutcome outcome = job.get(30, TimeUnit.SECONDS);

    assertThat(outcome.record().state()).isEqualTo(JobState.CANCELED);
    assertThat(outcome.record().error()).isEqualTo("canceled: SIGTERM");
    assertThat(repository().catalog().list()).isEmpty();
    JobOutcome next = run(runner, policy, JobOrder.scheduled(SnapshotType.FULL, 1));
    assertThat(next.record().state()).isEqualTo(JobState.SUCCESS);
  }

  @Test
  @Timeout(
      value = 120,
      threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang must not hold the build
  void aJobPastItsDeadlineFailsWithTheReasonReleasesItsLocksAndTheNextJobSucceeds()
      throws Exception {
    Timeouts timeouts = new Timeouts();
    timeouts.setJob("2s");
    policy.getSpec().setTimeouts(timeouts);
    // A store that stops answering: each pack commit hangs until its request times out (5 s).
    TargetOpener hanging =
        p ->
            FailingWritesTarget.hangingCommits(
                new LocalTarget(state.resolve("repository")),
                key -> key.contains("/packs/"),
                Duration.ofSeconds(5));
    BackupJobRunner runner =
        runner(Map.of(TargetProvider.LOCAL, hanging), Environment.of(Map.of()));

    JobOutcome outcome = run(runner, policy, JobOrder.scheduled(SnapshotType.FULL, 1));

    assertThat(outcome.record().state()).isEqualTo(JobState.FAILED);
    assertThat(outcome.record().failureKind()).isEqualTo(FailureKind.DEADLINE);
    assertThat(outcome.record().error()).startsWith("deadline of 2s exceeded");
    assertThat(repository().catalog().list()).isEmpty();
    assertThat(
            RepositoryLock.read(
                new LocalTarget(state.resolve("repository")), repository().layout().lockKey()))
        .as("the repository lock is released")
        .isEmpty();
    assertThat(
            JSON.readTree(
                    Files.readString(
                        runner
                            .store()
                            .directory(Optional.empty(), "teaching-data")
                            .resolve(outcome.record().jobId() + ".json")))
                .get("failure_kind")
                .asText())
        .isEqualTo("deadline");
    policy.getSpec().setTimeouts(null);
    JobOutcome next = run(localRunner(), policy, JobOrder.scheduled(SnapshotType.FULL, 1));
    assertThat(next.record().state()).as(next.record().error()).isEqualTo(JobState.SUCCESS);
  }

  @Test
  void aRepositoryLockedByAnotherLiveJobFailsTheJobAsLockedNotAsABackupFailure() throws Exception {
    LocalTarget target = new LocalTarget(state.resolve("repository"));
    // Held, never read: the try block below is what it guards.
    RepositoryLock other =
        RepositoryLock.acquire(
            target,
            repository().layout(),
            "20261128T100000Z-bbbbbb",
            Duration.ofMinutes(10),
            java.time.Clock.systemUTC());
    try (other) {
      JobOutcome outcome =
          run(localRunner(), policy, JobOrder.scheduled(SnapshotType.INCREMENTAL, 1));

      assertThat(outcome.record().state()).isEqualTo(JobState.FAILED);
      assertThat(outcome.record().failureKind()).isEqualTo(FailureKind.LOCKED);
      assertThat(outcome.record().error()).contains("locked by job 20261128T100000Z-bbbbbb");
    }
    assertThat(
            run(localRunner(), policy, JobOrder.scheduled(SnapshotType.INCREMENTAL, 1))
                .record()
                .state())
        .isEqualTo(JobState.SUCCESS);
  }

  @Test
  void aJobLeftRunningByADeadProcessIsRecordedAsCanceledNotFailed() throws Exception {
    BackupJobRunner runner = localRunner();
    JobRecord orphan =
        runner
            .enqueue(policy, Optional.empty(), JobOrder.scheduled(SnapshotType.FULL, 1))
            .running("local", java.time.Instant.now());
    runner.store().write(orphan); // as if kill -9 hit it mid-job: the OS released its lock

    JobOutcome next = run(runner, policy, JobOrder.scheduled(SnapshotType.INCREMENTAL, 1));

    assertThat(next.record().state()).isEqualTo(JobState.SUCCESS);
    JobRecord recovered =
        runner.store().recent(Optional.empty(), "teaching-data", 5).stream()
            .filter(r -> r.jobId().equals(orphan.jobId()))
            .findFirst()
            .orElseThrow();
    assertThat(recovered.state()).isEqualTo(JobState.CANCELED);
    assertThat(recovered.error()).startsWith("interrupted: the process running it");
  }

  @Test
  void aSecondJobOfTheSamePolicyWaitsForTheLockThenGivesUp() throws Exception {
    BackupJobRunner runner = localRunner();
    Path dir = runner.store().directory(Optional.empty(), "teaching-data");
    // Held, never read: the try block below is what it guards.
    RunLock held = RunLock.tryAcquire(dir, "20261128T100000Z-aaaaaa").orElseThrow();
    try (held) {
      JobOutcome outcome = run(runner, policy, JobOrder.scheduled(SnapshotType.INCREMENTAL, 1));

      assertThat(outcome.record().state()).isEqualTo(JobState.FAILED);
      assertThat(outcome.record().error())
          .contains("another job of this policy held its lock")
          .contains("job_id=20261128T100000Z-aaaaaa");
    }
  }

  @Test
  void theLocalTargetIsPrunedByRetentionAfterEachSuccess() throws Exception {
    Retention retention = new Retention();
    retention.setHotDays(1);
    retention.setColdDays(1);
    retention.setKeepLast(1);
    policy.getSpec().setRetention(retention);
    var clock = dev.bulwark.engine.testing.TestingClock.at("2026-11-01T00:00:00Z");
    BackupJobRunner runner =
        runner(
            Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state)),
            Environment.of(Map.of()),
            clock);

    String newest = null;
    for (int i = 0; i < 4; i++) {
      TestTrees.write(data.resolve("changing.txt"), "version " + i);
      JobOutcome outcome = run(runner, policy, JobOrder.scheduled(SnapshotType.FULL, 1));
      assertThat(outcome.succeeded()).isTrue();
      newest = outcome.record().jobId();
      clock.advance(Duration.ofDays(10));
    }

    List<String> left = repository().catalog().list().stream().map(s -> s.jobId()).toList();
    assertThat(left).hasSizeLessThan(4).contains(newest);
    assertThat(auditLines()).extracting(n -> n.get("event").asText()).contains("prune");
    Path restored = tmp.resolve("restored");
    new RestoreEngine(repository())
        .restore(RestoreRequest.builder(restored).snapshot(newest).build());
    assertThat(
            Files.readString(
                restored.resolve(data.toString().substring(1)).resolve("changing.txt")))
        .isEqualTo("version 3");
  }

  @Test
  void thePolicyThrottleLimitsUploadBandwidth() throws Exception {
    Files.delete(
        data.resolve(
            Files.list(data).filter(Files::isRegularFile).findFirst().orElseThrow().getFileName()));
    TestTrees.randomFile(
        data.resolve("twenty-mb.bin"), 20L * 1024 * 1024, 11); // random: zstd cannot shrink it
    Throttle throttle = new Throttle();
    throttle.setUploadBytesPerSecond(5L * 1024 * 1024);
    throttle.setMaxConcurrentUploads(1);
    policy.getSpec().setThrottle(throttle);

    JobOutcome outcome = run(localRunner(), policy, JobOrder.scheduled(SnapshotType.FULL, 1));

    BackupResult result = outcome.result().orElseThrow();
    assertThat(result.bytesUploaded()).isGreaterThan(20L * 1024 * 1024);
    // 20 MiB at 5 MiB/s: a lower bound only (never an upper one), so a slow machine cannot fail it.
    assertThat(result.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(3500));
    assertThat(result.throttleWaited()).isPositive();
  }

  private static Hooks hooks(List<String> pre, List<String> post) {
    HookCommand preCommand = new HookCommand();
    preCommand.setCommand(pre);
    HookCommand postCommand = new HookCommand();
    postCommand.setCommand(post);
    Hooks hooks = new Hooks();
    hooks.setPre(List.of(preCommand));
    hooks.setPost(List.of(postCommand));
    return hooks;
  }
}
