package dev.bulwark.core.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.replay.PartitionState;
import dev.bulwark.api.replay.ReplayMode;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.core.Environment;
import dev.bulwark.core.RecordFolder;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobControl;
import dev.bulwark.core.jobs.JobOrder;
import dev.bulwark.core.jobs.JobOutcome;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.progress.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs read as of a snapshot: raw data changed after it does not leak into the replay. */
class ReplayFromSnapshotTest {
  @TempDir Path tmp;

  @Test
  void rawDataChangedAfterTheSnapshotDoesNotLeakIntoTheReplay() throws Exception {
    ReplayFixture fixture = new ReplayFixture(tmp);
    BackupPolicy policy = TestingResources.backupPolicy("exam-data");
    policy.getSpec().getSources().get(0).setPath(fixture.raw.toString());
    Environment environment = Environment.of(Map.of());
    PolicyRepositories repositories =
        new PolicyRepositories(
            environment, Map.of(TargetProvider.LOCAL, new LocalTargetOpener(fixture.state)));
    BackupJobRunner jobs =
        BackupJobRunner.builder(repositories, environment, new StatePaths(fixture.state))
            .lockWait(Duration.ofSeconds(2))
            .build();
    JobOrder order = JobOrder.manual(SnapshotType.FULL, "cli:test", Optional.empty());
    JobRecord pending = jobs.enqueue(policy, Optional.empty(), order);
    JobOutcome snapshot = jobs.run(policy, pending, order, ProgressListener.NONE, new JobControl());
    assertThat(snapshot.succeeded()).as(String.valueOf(snapshot.record().error())).isTrue();
    Path exam = fixture.raw.resolve("2026-11-20/algebra-midterm.csv");
    String asSnapshotted = ReplayFixture.sha256(Files.readAllBytes(exam));
    // after the snapshot: a score is corrected in place and a new exam appears
    Files.writeString(
        exam, Files.readString(exam).replace("s-1001,20,22,18,15", "s-1001,25,25,25,25"));
    Files.writeString(
        fixture.raw.resolve("2026-11-20/late-quiz.csv"),
        "student_id,q1,q2,q3,q4\ns-1002,1,1,1,1\n");

    ReplayPlan plan = fixture.plan("v1", ReplayMode.APPLY);
    plan.getSpec().setPolicyRef("exam-data");
    plan.getSpec().getInputs().setFromSnapshot(snapshot.record().jobId());
    ReplayRunRecord run =
        ReplayRunner.builder(fixture.state)
            .repositories(repositories)
            .build()
            .run(
                ReplayRequest.manual(plan, Optional.of(policy), ReplayAction.APPLY, "cli:test")
                    .onlyPartition("2026-11-20"));

    assertThat(run.partitions())
        .singleElement()
        .extracting(PartitionOutcome::state)
        .isEqualTo(PartitionState.DONE);
    assertThat(run.upstreamManifest()).isEqualTo("snapshot:" + snapshot.record().jobId());
    Path published = fixture.derived.resolve("v1/2026-11-20");
    assertThat(Files.readString(published.resolve("algebra-midterm.scores.csv")))
        .contains("s-1001,75\n");
    assertThat(published.resolve("late-quiz.scores.csv")).doesNotExist();
    PartitionEvidence evidence =
        RecordFolder.readFile(fixture.evidence(plan, "2026-11-20"), PartitionEvidence.class)
            .orElseThrow();
    assertThat(evidence.upstreamManifest()).isEqualTo("snapshot:" + snapshot.record().jobId());
    assertThat(evidence.inputs())
        .singleElement()
        .extracting(FileDigest::sha256)
        .isEqualTo(asSnapshotted);
    assertThat(tmp.resolve("state/replay/exam-scores-v1"))
        .isDirectoryNotContaining("glob:**/scratch-*");
  }
}
