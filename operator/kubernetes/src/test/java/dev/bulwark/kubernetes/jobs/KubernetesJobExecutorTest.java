package dev.bulwark.kubernetes.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.ClaimSource;
import dev.bulwark.api.backup.Encryption;
import dev.bulwark.api.backup.S3TargetSettings;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.backup.TargetSettings;
import dev.bulwark.api.common.SecretKeyRef;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.api.crd.CustomResources;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.handoff.BackupHandoff;
import dev.bulwark.core.handoff.RunResults;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobOrder;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobRequest;
import dev.bulwark.core.jobs.JobState;
import dev.bulwark.core.runs.RunExecutor;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.secrets.LocalSecrets;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.kubernetes.testing.ApiAudit;
import dev.bulwark.kubernetes.testing.Await;
import dev.bulwark.kubernetes.testing.KustomizeBase;
import dev.bulwark.kubernetes.testing.TestingApiServer;
import dev.bulwark.kubernetes.testing.TestingCustomResources;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Job executor on the strict stand-in API server, as the shipped RBAC lets the operator's
 * ServiceAccount act: what a Job looks like, and how its end, its loss, its cancellation and a new
 * operator are recorded. The pods here are played by the test (their termination message written as
 * a kubelet writes it); the packaged jar runs real Job pods in the CLI's KubernetesJobsIT.
 */
class KubernetesJobExecutorTest {
  private static final String NS = "team-a";

  @TempDir Path tmp;

  private final TestingApiServer api = TestingApiServer.start();
  private final KustomizeBase base = KustomizeBase.shipped();
  private KubernetesClient operator;
  private KubernetesClient admin;
  private final AtomicInteger finished = new AtomicInteger();
  private BackupPolicy policy;

  @BeforeEach
  void installTheBaseAndAPolicy() {
    api.apply(base);
    operator = api.clientAs(base.serviceAccount());
    admin = api.admin();
    claim("exams", "ReadWriteOnce");
    secret("backup-key", Map.of("key", "hunter2"));
    secret(
        "s3-credentials",
        Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "hunter2"));
    BackupPolicyResource resource = TestingCustomResources.backupPolicy("exams");
    resource.getMetadata().setNamespace(NS);
    resource.setSpec(claimPolicySpec(resource));
    policy = CustomResources.toPlain(admin.resource(resource).create());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aClaimPolicysBackupIsOneJobThatMountsTheClaimReadOnlyAndNamesSecretsOnly() throws Exception {
    try (RunExecutor<JobRequest, JobRecord> executor = executor(tmp.resolve("state"))) {
      Optional<RunExecutor.Started<JobRecord>> started = submit(executor);

      assertThat(started).isPresent();
      JobRecord pending = started.get().record().orElseThrow();
      Job job = onlyJob();
      assertThat(job.getMetadata().getName())
          .isEqualTo("bulwark-backup-exams-" + pending.jobId().toLowerCase(java.util.Locale.ROOT))
          .hasSizeLessThanOrEqualTo(63);
      assertThat(job.getMetadata().getLabels())
          .containsEntry("bulwark.dev/policy", "exams")
          .containsEntry("bulwark.dev/run-id", pending.jobId())
          .containsEntry("app.kubernetes.io/managed-by", "bulwark-operator");
      assertThat(job.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(policy.getRef().uid()));
      assertThat(job.getSpec().getBackoffLimit()).isZero();
      assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
      var pod = job.getSpec().getTemplate().getSpec();
      assertThat(pod.getAutomountServiceAccountToken()).isFalse();
      assertThat(pod.getVolumes())
          .anySatisfy(
              v -> {
                assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("exams");
                assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
              });
      var container = pod.getContainers().get(0);
      assertThat(container.getArgs()).containsExactly("execute", "backup");
      assertThat(container.getVolumeMounts())
          .anySatisfy(
              m -> {
                assertThat(m.getMountPath()).isEqualTo("/volumes/exams");
                assertThat(m.getReadOnly()).isTrue();
              });
      assertThat(container.getEnvFrom())
          .singleElement()
          .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("s3-credentials"));
      EnvVar key = variable(container.getEnv(), "BULWARK_SECRET_0");
      assertThat(key.getValue()).isNull();
      assertThat(key.getValueFrom().getSecretKeyRef().getName()).isEqualTo("backup-key");
      BackupHandoff handoff =
          BackupHandoff.fromJson(variable(container.getEnv(), "BULWARK_RUN").getValue());
      assertThat(handoff.pending()).isEqualTo(pending);
      Source source = handoff.policy().getSpec().getSources().get(0);
      assertThat(source.getPath()).isEqualTo("/volumes/exams/2026");
      assertThat(source.getPersistentVolumeClaim()).isNull();
      assertThat(handoff.policy().getSpec().getEncryption().getKeyFrom().getEnv())
          .isEqualTo("BULWARK_SECRET_0");
      assertThat(Serialization.asJson(job)).doesNotContain("hunter2").doesNotContain("AKIDEXAMPLE");

      assertThat(submit(executor)).as("a second job of the same policy while one runs").isEmpty();
      assertThat(jobs()).hasSize(1);
      assertThat(refusals()).isEmpty();
    }
  }

  @Test
  void theJobsEndIsRecordedFromItsPodsTerminationMessage() throws Exception {
    Path state = tmp.resolve("state");
    try (RunExecutor<JobRequest, JobRecord> executor = executor(state)) {
      JobRecord pending = submit(executor).orElseThrow().record().orElseThrow();
      JobRecord reported =
          pending
              .running("s3", pending.createdAt())
              .succeeded("full", pending.createdAt().plusSeconds(3), 12L, 3400L, 3400L);

      finish(onlyJob(), "Complete", Optional.of(RunResults.ofJob(reported)));

      JobRecord recorded = awaitEnded(state, pending.jobId());
      assertThat(recorded).isEqualTo(reported);
      assertThat(executor.isActive(key())).isFalse();
      Await.until("the owner reconciled again", () -> finished.get() == 1);
      assertThat(java.nio.file.Files.readString(new StatePaths(state).auditLog()))
          .contains("\"job_started\"")
          .contains("\"job_finished\"");
      assertThat(refusals()).isEmpty();
    }
  }

  @Test
  void aJobThatFailedWithoutAReportIsRecordedFailedWithTheJobsReason() {
    Path state = tmp.resolve("state");
    try (RunExecutor<JobRequest, JobRecord> executor = executor(state)) {
      JobRecord pending = submit(executor).orElseThrow().record().orElseThrow();

      finish(onlyJob(), "Failed", Optional.empty());

      JobRecord recorded = awaitEnded(state, pending.jobId());
      assertThat(recorded.state()).isEqualTo(JobState.FAILED);
      assertThat(recorded.error())
          .contains(onlyJob().getMetadata().getName())
          .contains("DeadlineExceeded")
          .contains("without a report from its pod");
    }
  }

  @Test
  void aNewOperatorOnAnEmptyStateDirectoryAdoptsTheRunningJobAndStartsNoSecond() throws Exception {
    JobRecord pending;
    try (RunExecutor<JobRequest, JobRecord> first = executor(tmp.resolve("first"))) {
      pending = submit(first).orElseThrow().record().orElseThrow();
    } // the operator's pod is replaced: its Job runs on

    Path state = tmp.resolve("second");
    try (RunExecutor<JobRequest, JobRecord> second = executor(state)) {
      assertThat(second.recoverAbandoned(key())).isTrue();
      assertThat(second.isActive(key())).isTrue();
      assertThat(ledger(state).recent(key(), 5)).singleElement().isEqualTo(pending);
      assertThat(submit(second)).as("a second job while the adopted one runs").isEmpty();
      assertThat(jobs()).hasSize(1);

      JobRecord reported =
          pending
              .running("s3", pending.createdAt())
              .succeeded("incremental", pending.createdAt().plusSeconds(2), 3L, 10L, 10L);
      finish(onlyJob(), "Complete", Optional.of(RunResults.ofJob(reported)));

      assertThat(awaitEnded(state, pending.jobId())).isEqualTo(reported);
    }
  }

  @Test
  void aJobThatEndedWhileNoOperatorRanIsRecordedByTheNextOne() throws Exception {
    JobRecord pending;
    try (RunExecutor<JobRequest, JobRecord> first = executor(tmp.resolve("first"))) {
      pending = submit(first).orElseThrow().record().orElseThrow();
    }
    JobRecord reported =
        pending
            .running("s3", pending.createdAt())
            .succeeded("full", pending.createdAt().plusSeconds(2), 3L, 10L, 10L);
    finish(onlyJob(), "Complete", Optional.of(RunResults.ofJob(reported)));

    Path state = tmp.resolve("second");
    try (RunExecutor<JobRequest, JobRecord> second = executor(state)) {
      assertThat(second.recoverAbandoned(key())).isTrue();
      assertThat(second.isActive(key())).isFalse();
      assertThat(ledger(state).recent(key(), 5)).singleElement().isEqualTo(reported);
      assertThat(second.recoverAbandoned(key())).as("recorded once").isFalse();
    }
  }

  @Test
  void cancelingDeletesTheJobAndRecordsTheJobCanceled() {
    Path state = tmp.resolve("state");
    try (RunExecutor<JobRequest, JobRecord> executor = executor(state)) {
      JobRecord pending = submit(executor).orElseThrow().record().orElseThrow();

      assertThat(executor.cancel(key(), "spec.suspend is true")).isTrue();

      Await.until("the Job deleted", () -> jobs().isEmpty());
      JobRecord recorded = awaitEnded(state, pending.jobId());
      assertThat(recorded.state()).isEqualTo(JobState.CANCELED);
      assertThat(recorded.error()).isEqualTo("canceled: spec.suspend is true");
      assertThat(executor.isActive(key())).isFalse();
      assertThat(refusals()).isEmpty();
    }
  }

  @Test
  void aMissingClaimFailsTheJobBeforeAnyJobExists() {
    admin.persistentVolumeClaims().inNamespace(NS).withName("exams").delete();
    Await.until(
        "the claim gone",
        () -> admin.persistentVolumeClaims().inNamespace(NS).withName("exams").get() == null);
    Path state = tmp.resolve("state");
    try (RunExecutor<JobRequest, JobRecord> executor = executor(state)) {
      JobRecord pending = submit(executor).orElseThrow().record().orElseThrow();

      JobRecord recorded = awaitEnded(state, pending.jobId());
      assertThat(recorded.state()).isEqualTo(JobState.FAILED);
      assertThat(recorded.error())
          .isEqualTo("spec.sources: PersistentVolumeClaim team-a/exams does not exist");
      assertThat(jobs()).isEmpty();
    }
  }

  @Test
  void aReadWriteOnceClaimInUseSchedulesTheJobBesideThePodThatMountsIt() {
    admin
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("exam-server")
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-7")
                .addNewContainer()
                .withName("app")
                .withImage("exam-server:1")
                .endContainer()
                .addNewVolume()
                .withName("data")
                .withNewPersistentVolumeClaim()
                .withClaimName("exams")
                .endPersistentVolumeClaim()
                .endVolume()
                .endSpec()
                .build())
        .create();
    try (RunExecutor<JobRequest, JobRecord> executor = executor(tmp.resolve("state"))) {
      submit(executor).orElseThrow();

      var terms =
          onlyJob()
              .getSpec()
              .getTemplate()
              .getSpec()
              .getAffinity()
              .getNodeAffinity()
              .getRequiredDuringSchedulingIgnoredDuringExecution()
              .getNodeSelectorTerms();
      assertThat(terms.get(0).getMatchExpressions().get(0).getValues()).containsExactly("node-7");
      assertThat(refusals()).isEmpty();
    }
  }

  private RunExecutor<JobRequest, JobRecord> executor(Path state) {
    Environment environment = Environment.of(Map.of());
    StatePaths paths = new StatePaths(state);
    PolicyRepositories repositories =
        new PolicyRepositories(
            environment, Map.of(), Clock.systemUTC(), new LocalSecrets(environment));
    BackupJobRunner runner = BackupJobRunner.builder(repositories, environment, paths).build();
    return new KubernetesJobExecutor<>(
        operator,
        new BackupPodRuns(runner, environment, Clock.systemUTC()),
        RunJobSettings.from(Map.of()),
        List.of());
  }

  private static dev.bulwark.core.runs.RunLedger<JobRecord> ledger(Path state) {
    return new dev.bulwark.core.jobs.JobStore(new StatePaths(state)).runs();
  }

  private Optional<RunExecutor.Started<JobRecord>> submit(RunExecutor<JobRequest, JobRecord> e) {
    return e.submit(
        key(),
        new JobRequest(policy, JobOrder.scheduled(SnapshotType.INCREMENTAL, 1)),
        finished::incrementAndGet);
  }

  private static RunKey key() {
    return RunKey.of(NS, "exams");
  }

  private JobRecord awaitEnded(Path state, String jobId) {
    return Await.value(
        "job " + jobId + " recorded as ended",
        () ->
            ledger(state).recent(key(), 5).stream()
                .filter(r -> r.jobId().equals(jobId))
                .findFirst()
                .orElse(null),
        r -> r != null && r.finished());
  }

  /**
   * Ends {@code job} as the Job controller and kubelet would: a pod that terminated, a condition.
   */
  private void finish(Job job, String condition, Optional<String> message) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job.getMetadata().getName() + "-x7k2p")
            .withNamespace(NS)
            .addToLabels("job-name", job.getMetadata().getName())
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .build();
    Pod created = admin.pods().inNamespace(NS).resource(pod).create();
    created.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase(condition.equals("Complete") ? "Succeeded" : "Failed")
            .addNewContainerStatus()
            .withName("bulwark")
            .withNewState()
            .withNewTerminated()
            .withExitCode(condition.equals("Complete") ? 0 : 1)
            .withMessage(message.orElse(null))
            .endTerminated()
            .endState()
            .endContainerStatus()
            .build());
    admin.pods().inNamespace(NS).resource(created).updateStatus();
    Job current =
        admin.batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).get();
    current.setStatus(
        new JobStatusBuilder()
            .addNewCondition()
            .withType(condition)
            .withStatus("True")
            .withReason(condition.equals("Complete") ? null : "DeadlineExceeded")
            .endCondition()
            .build());
    admin.batch().v1().jobs().inNamespace(NS).resource(current).updateStatus();
  }

  private List<Job> jobs() {
    return admin.batch().v1().jobs().inNamespace(NS).list().getItems();
  }

  private Job onlyJob() {
    List<Job> jobs = jobs();
    assertThat(jobs).hasSize(1);
    return jobs.get(0);
  }

  private List<String> refusals() {
    return api.audit().by(base.serviceAccount()).stream()
        .filter(e -> !e.allowed())
        .map(ApiAudit.Entry::toString)
        .toList();
  }

  private static EnvVar variable(List<EnvVar> env, String name) {
    return env.stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
  }

  private void secret(String name, Map<String, String> data) {
    admin
        .secrets()
        .inNamespace(NS)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(data)
                .build())
        .create();
  }

  private void claim(String name, String mode) {
    admin
        .persistentVolumeClaims()
        .inNamespace(NS)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withAccessModes(mode)
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
  }

  private static dev.bulwark.api.backup.BackupPolicySpec claimPolicySpec(
      BackupPolicyResource resource) {
    var spec = resource.getSpec();
    ClaimSource claim = new ClaimSource();
    claim.setClaimName("exams");
    claim.setSubPath("2026");
    Source source = spec.getSources().get(0);
    source.setPath(null);
    source.setPersistentVolumeClaim(claim);
    spec.setTarget(TargetProvider.S3);
    S3TargetSettings s3 = new S3TargetSettings();
    s3.setBucket("backups");
    TargetSettings targets = new TargetSettings();
    targets.setS3(s3);
    spec.setTargets(targets);
    spec.setCredentialsSecret("s3-credentials");
    SecretKeyRef keyRef = new SecretKeyRef();
    keyRef.setName("backup-key");
    keyRef.setKey("key");
    SecretRef keyFrom = new SecretRef();
    keyFrom.setSecret(keyRef);
    Encryption encryption = new Encryption();
    encryption.setKeyFrom(keyFrom);
    spec.setEncryption(encryption);
    return spec;
  }
}
