package dev.bulwark.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.runs.RunExecutor;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunService;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.testing.TestTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup jobs through the run framework on a real local repository: recorded pending before a
 * thread is free, read back through the read-only ledger, abandoned ones ended only on request.
 */
class JobRunsTest {
  private static final RunKey KEY = RunKey.of(null, "teaching-data");

  @TempDir Path tmp;
  private BackupPolicy policy;
  private BackupJobRunner runner;
  private RunService<JobRequest, JobRecord, JobLedger> jobs;

  @BeforeEach
  void aPolicyOverASampleTree() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    TestTrees.sampleTree(data);
    Path state = tmp.resolve("state");
    policy = TestingResources.backupPolicy("teaching-data");
    policy.getSpec().getSources().get(0).setPath(data.toString());
    Environment environment = Environment.of(Map.of());
    runner =
        BackupJobRunner.builder(
                new PolicyRepositories(
                    environment,
                    Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state)),
                    Clock.systemUTC()),
                environment,
                new StatePaths(state))
            .build();
    jobs = JobRuns.inProcess(runner, 1);
  }

  @AfterEach
  void close() {
    jobs.close();
  }

  @Test
  void aSubmittedJobIsRecordedPendingThenEndsInTheLedger() throws Exception {
    CountDownLatch finished = new CountDownLatch(1);

    Optional<RunExecutor.Started<JobRecord>> started =
        jobs.executor()
            .submit(
                KEY,
                new JobRequest(policy, JobOrder.scheduled(SnapshotType.FULL, 1)),
                finished::countDown);

    assertThat(started).isPresent();
    assertThat(started.get().record().orElseThrow().state()).isEqualTo(JobState.PENDING);
    assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();
    PolicyJobs seen = jobs.ledger().jobsOf(Optional.empty(), "teaching-data");
    assertThat(seen.recent()).hasSize(1);
    assertThat(seen.recent().get(0).jobId()).isEqualTo(started.get().record().get().jobId());
    assertThat(seen.recent().get(0).state()).isEqualTo(JobState.SUCCESS);
    assertThat(seen.active()).isEmpty();
    // The framework's accessors (runId, owner, runPhase, ...) never become fields on disk.
    String file =
        Files.readString(
            runner
                .store()
                .directory(Optional.empty(), "teaching-data")
                .resolve(seen.recent().get(0).jobId() + ".json"));
    assertThat(file).contains("\"job_id\"", "\"state\" : \"success\"");
    assertThat(file).doesNotContain("run_id", "runId", "owner", "runPhase", "attemptNumber", "key");
  }

  @Test
  void aJobADeadProcessLeftRunningIsEndedOnlyWhenRecoveryIsAskedFor() {
    JobRecord left =
        runner
            .enqueue(policy, Optional.empty(), JobOrder.scheduled(SnapshotType.FULL, 1))
            .running("local", Instant.now());
    runner.store().write(left);

    // Reading never writes: the ledger shows the job as the dead process left it.
    assertThat(jobs.ledger().jobsOf(Optional.empty(), "teaching-data").active()).contains(left);
    assertThat(jobs.ledger().jobsOf(Optional.empty(), "teaching-data").active()).contains(left);

    assertThat(jobs.executor().recoverAbandoned(KEY)).isTrue();

    PolicyJobs after = jobs.ledger().jobsOf(Optional.empty(), "teaching-data");
    assertThat(after.active()).isEmpty();
    assertThat(after.recent().get(0).jobId()).isEqualTo(left.jobId());
    assertThat(after.recent().get(0).state()).isEqualTo(JobState.CANCELED);
    assertThat(after.recent().get(0).failureKind()).isEqualTo(FailureKind.INTERRUPTED);
    assertThat(jobs.executor().recoverAbandoned(KEY)).as("nothing left to recover").isFalse();
  }
}
