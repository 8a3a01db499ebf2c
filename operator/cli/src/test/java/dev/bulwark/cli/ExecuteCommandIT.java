package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.ResourceRef;
import dev.bulwark.api.drill.DrillLevel;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.api.drill.Validators;
import dev.bulwark.cli.BulwarkProcess.Result;
import dev.bulwark.core.Environment;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.handoff.BackupHandoff;
import dev.bulwark.core.handoff.DrillHandoff;
import dev.bulwark.core.handoff.RunResults;
import dev.bulwark.core.jobs.FailureKind;
import dev.bulwark.core.jobs.JobOrder;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobState;
import dev.bulwark.core.jobs.JobTrigger;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.SnapshotType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark execute backup|drill} through the real executable, as the pod of a Kubernetes Job
 * runs it: the hand-off in {@code BULWARK_RUN}, the state in a scratch directory, the final record
 * in the result file (the termination message) and on stdout, exit codes 0, 1 and 2.
 */
class ExecuteCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;
  private Path data;
  private Path scratch;
  private Path result;

  @BeforeEach
  void aPolicyOnALocalTarget() throws Exception {
    data = Files.createDirectories(work.resolve("data/exams"));
    Files.writeString(data.resolve("algebra.json"), "{\"schema_version\": 1}\n");
    byte[] scores = new byte[300_000];
    new Random(5).nextBytes(scores);
    Files.write(data.resolve("scores.bin"), scores);
    scratch = work.resolve("scratch");
    result = work.resolve("termination-log");
    writePolicy("sources: [{path: " + work.resolve("data") + ", domain: raw}]");
  }

  private void writePolicy(String sourcesAndHooks) throws Exception {
    Files.createDirectories(work.resolve("policies"));
    Files.writeString(
        work.resolve("policies/exams.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: exams}
        spec:
          target: local
          targets: {local: {path: %s}}
          %s
        """
            .formatted(work.resolve("repository"), sourcesAndHooks));
  }

  @Test
  void aHandedOverBackupTakesTheSnapshotUnderThePendingJobIdAndADrillRestoresIt() throws Exception {
    BackupPolicy policy = policy();
    JobRecord pending = pending();

    Result backup =
        execute("backup", new BackupHandoff(policy, Optional.empty(), pending, order()));

    assertThat(backup.exitCode()).as(backup.stderr()).isZero();
    JobRecord finished = RunResults.job(Files.readString(result));
    assertThat(finished.state()).isEqualTo(JobState.SUCCESS);
    assertThat(finished.jobId()).isEqualTo(pending.jobId());
    assertThat(finished.files()).isEqualTo(2);
    assertThat(finished.pid()).as("the pod's process ran it, not the operator's").isNotEqualTo(1L);
    assertThat(finished.host()).isNotEqualTo("bulwark-operator");
    assertThat(backup.stdout().lines().toList()).hasSize(1);
    assertThat(JSON.readTree(backup.stdout()).path("job_id").asText()).isEqualTo(pending.jobId());
    JsonNode snapshots =
        JSON.readTree(bulwark("snapshots", "--policy", "exams", "--json").stdout());
    assertThat(snapshots.findValuesAsText("job_id")).containsExactly(pending.jobId());
    Path restored = work.resolve("restored");
    Result restore =
        bulwark(
            "restore",
            "--policy",
            "exams",
            "--snapshot",
            pending.jobId(),
            "--to",
            restored.toString());
    assertThat(restore.exitCode()).as(restore.stderr()).isZero();
    Path copy = restored.resolve(data.toString().substring(1));
    assertThat(copy.resolve("scores.bin")).hasSameBinaryContentAs(data.resolve("scores.bin"));
    assertThat(copy.resolve("algebra.json")).hasSameBinaryContentAs(data.resolve("algebra.json"));

    Result drill =
        execute("drill", new DrillHandoff(l3Drill(), policy, Optional.empty(), running()));

    assertThat(drill.exitCode()).as(drill.stderr()).isZero();
    DrillRecord proven = RunResults.drill(Files.readString(result));
    assertThat(proven.state()).isEqualTo(DrillRecord.SUCCESS);
    assertThat(proven.snapshotJobId()).isEqualTo(pending.jobId());
    assertThat(proven.objects()).isEqualTo(2);
    assertThat(proven.actualRpoSeconds()).isNotNull().isGreaterThanOrEqualTo(0);
    assertThat(proven.actualRtoSeconds()).isNotNull().isGreaterThanOrEqualTo(0);
    assertThat(proven.objectivesMet()).isTrue();
    assertThat(JSON.readTree(drill.stdout()).path("run_id").asText()).isEqualTo(proven.runId());
    assertThat(scratch.resolve("sandbox")).isEmptyDirectory();
  }

  @Test
  void anUnreadableSourceFailsTheJobWithAClearError() throws Exception {
    Path missing = work.resolve("gone");
    writePolicy("sources: [{path: " + missing + ", domain: raw}]");

    Result backup =
        execute("backup", new BackupHandoff(policy(), Optional.empty(), pending(), order()));

    assertThat(backup.exitCode()).as(backup.stderr()).isEqualTo(1);
    JobRecord failed = RunResults.job(Files.readString(result));
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.failureKind()).isEqualTo(FailureKind.BACKUP);
    assertThat(failed.error()).contains(missing.toString());
  }

  @Test
  void aHandoffThatCannotBeReadIsOneLineNamingTheVariableAndTheField() throws Exception {
    ObjectNode handoff =
        (ObjectNode)
            JSON.readTree(
                new BackupHandoff(policy(), Optional.empty(), pending(), order()).toJson());
    ((ObjectNode) handoff.get("record")).remove("job_id");

    Result broken =
        BulwarkProcess.run(work, Map.of("BULWARK_RUN", handoff.toString()), executeArgs("backup"));

    assertThat(broken.exitCode()).isEqualTo(2);
    assertThat(Files.readString(result)).isEqualTo("BULWARK_RUN: record.job_id: missing");
    assertThat(broken.stderr().strip())
        .isEqualTo("bulwark execute backup: BULWARK_RUN: record.job_id: missing");

    Result unset = BulwarkProcess.run(work, Map.of(), executeArgs("drill"));

    assertThat(unset.exitCode()).isEqualTo(2);
    assertThat(Files.readString(result)).isEqualTo("BULWARK_RUN: document: not set");
  }

  @Test
  void sigtermCancelsTheJobAndTheResultSaysCanceled() throws Exception {
    Path started = work.resolve("hook-started");
    writePolicy(
        "sources: [{path: "
            + work.resolve("data")
            + ", domain: raw}]\n  hooks: {pre: [{command: [sh, -c, 'touch "
            + started
            + "; sleep 60'], timeoutSeconds: 120}]}");
    JobRecord pending = pending();
    String handoff = new BackupHandoff(policy(), Optional.empty(), pending, order()).toJson();
    Path log = work.resolve("execute.log");

    Process process =
        BulwarkProcess.start(work, Map.of("BULWARK_RUN", handoff), log, executeArgs("backup"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(started) && process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(started).as(Files.readString(log)).exists();
    process.destroy(); // SIGTERM, as Kubernetes stops a pod

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(log)).isEqualTo(1);
    JobRecord canceled = RunResults.job(Files.readString(result));
    assertThat(canceled.state()).isEqualTo(JobState.CANCELED);
    assertThat(canceled.jobId()).isEqualTo(pending.jobId());
    assertThat(canceled.error()).contains("SIGTERM");
    assertThat(Files.readString(log)).contains("\"state\":\"canceled\"");
  }

  private Result execute(String kind, Object handoff) throws Exception {
    String json =
        handoff instanceof BackupHandoff b ? b.toJson() : ((DrillHandoff) handoff).toJson();
    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(32_768);
    return BulwarkProcess.run(work, Map.of("BULWARK_RUN", json), executeArgs(kind));
  }

  private String[] executeArgs(String kind) {
    return new String[] {
      "execute", kind, "--state", scratch.toString(), "--result-file", result.toString()
    };
  }

  private Result bulwark(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--policies",
            work.resolve("policies").toString(),
            "--state",
            work.resolve("state").toString()));
    return BulwarkProcess.run(work, Map.of(), all.toArray(String[]::new));
  }

  /** The policy as the operator hands it over: read and validated like any other. */
  private BackupPolicy policy() throws Exception {
    return new PolicyLookup(work.resolve("policies"), Environment.system()).backupPolicy("exams");
  }

  private static JobOrder order() {
    return JobOrder.scheduled(SnapshotType.FULL, 1);
  }

  private static JobRecord pending() {
    Instant now = Instant.now();
    return new JobRecord(
        JobId.generate(now),
        "exams",
        null,
        "full",
        null,
        null,
        JobTrigger.SCHEDULE,
        JobOrder.CONTROLLER,
        1,
        JobState.PENDING,
        now,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        "bulwark-operator",
        1L);
  }

  private static RestoreDrill l3Drill() {
    RestoreDrill drill = new RestoreDrill();
    drill.setRef(ResourceRef.of(RestoreDrill.KIND, "exams-l3"));
    RestoreDrillSpec spec = new RestoreDrillSpec();
    spec.setPolicyRef("exams");
    spec.setLevel(DrillLevel.L3);
    Validators validators = new Validators();
    validators.setJson(true);
    spec.setValidators(validators);
    drill.setSpec(spec);
    return drill;
  }

  private static DrillRecord running() {
    Instant now = Instant.now();
    return new DrillRecord(
        JobId.generate(now),
        "exams-l3",
        null,
        "exams",
        "L3",
        "schedule",
        JobOrder.CONTROLLER,
        DrillRecord.RUNNING,
        now,
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
  }
}
