package dev.bulwark.kubernetes.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in kubelet runs Jobs as a cluster would: the container sees the pod spec's paths, env
 * from Secrets, read-only claims that refuse writes, and the Job's status follows its pod; what is
 * missing leaves the pod Pending with the reason, never a silent success.
 */
class TestingKubeletTest {
  private static final String NS = "team-a";
  private static final String IMAGE = "debian:bookworm";

  @TempDir Path tmp;

  private final TestingApiServer api = TestingApiServer.start();
  private TestingKubelet kubelet;
  private KubernetesClient cluster;
  private Path data;
  private Path out;

  @BeforeEach
  void startNode() throws Exception {
    kubelet =
        TestingKubelet.start(
                api, Files.createDirectories(tmp.resolve("node")), Duration.ofSeconds(1))
            .withImage(ContainerImage.os(IMAGE));
    cluster = api.admin();
    data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(data.resolve("exam.json"), "{\"score\": 91}");
    out = Files.createDirectories(tmp.resolve("out"));
    kubelet.provideClaim(NS, "exams", data);
    kubelet.provideClaim(NS, "results", out);
  }

  @AfterEach
  void stop() {
    kubelet.close();
    assertThat(kubelet.problems()).as("errors of the stand-in itself").isEmpty();
    api.close();
  }

  @Test
  void aJobSeesItsClaimsSecretsAndEnvAtThePodSpecsPathsAndCompletes() throws Exception {
    createSecret("creds", "password", "s3cret");
    Job job =
        create(
            job(
                "copy",
                "cp /in/exam.json /out/ && printf %s \"$PASSWORD\" > /out/password && cat"
                    + " /secret/password > /out/from-file && pwd > /out/pwd && id -u > /out/uid",
                b ->
                    b.editSpec()
                        .editTemplate()
                        .editSpec()
                        .editFirstContainer()
                        .addNewEnv()
                        .withName("PASSWORD")
                        .withNewValueFrom()
                        .withNewSecretKeyRef("password", "creds", false)
                        .endValueFrom()
                        .endEnv()
                        .withWorkingDir("/out")
                        .addNewVolumeMount()
                        .withName("secret")
                        .withMountPath("/secret")
                        .endVolumeMount()
                        .endContainer()
                        .addNewVolume()
                        .withName("secret")
                        .withNewSecret()
                        .withSecretName("creds")
                        .endSecret()
                        .endVolume()
                        .endSpec()
                        .endTemplate()
                        .endSpec()));

    Job done = awaitCondition(job, "Complete");

    assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(done.getStatus().getActive()).isZero();
    assertThat(done.getStatus().getStartTime()).isNotNull();
    assertThat(Instant.parse(done.getStatus().getCompletionTime()))
        .isAfterOrEqualTo(Instant.parse(done.getStatus().getStartTime()));
    assertThat(done.getStatus().getConditions())
        .extracting(JobCondition::getType)
        .containsExactly("SuccessCriteriaMet", "Complete");
    assertThat(out.resolve("exam.json")).hasSameBinaryContentAs(data.resolve("exam.json"));
    assertThat(out.resolve("password")).hasContent("s3cret");
    assertThat(out.resolve("from-file")).hasContent("s3cret");
    assertThat(out.resolve("pwd")).hasContent("/out");
    Pod pod = onlyPod(job);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(pod.getSpec().getNodeName()).isEqualTo(TestingKubelet.NODE);
    assertThat(pod.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/job-name", "copy");
    assertThat(events(pod)).contains("Scheduled", "Started");
  }

  @Test
  void aReadOnlyClaimRefusesWritesAndTheJobFailsAfterItsBackoffLimit() throws Exception {
    Job job =
        create(
            job(
                "scribble",
                "echo more > /in/new.txt",
                b ->
                    b.editSpec()
                        .withBackoffLimit(1)
                        .editTemplate()
                        .editSpec()
                        .editFirstContainer()
                        .withTerminationMessagePolicy("FallbackToLogsOnError")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()));

    Job failed = awaitCondition(job, "Failed");

    assertThat(failed.getStatus().getFailed()).as("the first pod and one retry").isEqualTo(2);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(data.resolve("new.txt")).doesNotExist();
    List<Pod> pods = pods(job);
    assertThat(pods)
        .hasSize(2)
        .allSatisfy(
            p -> {
              assertThat(p.getStatus().getPhase()).isEqualTo("Failed");
              assertThat(
                      p.getStatus()
                          .getContainerStatuses()
                          .get(0)
                          .getState()
                          .getTerminated()
                          .getMessage())
                  .contains("Read-only file system");
            });
  }

  @Test
  void aMissingSecretLeavesThePodPendingWithTheReasonUntilItExists() throws Exception {
    Job job =
        create(
            job(
                "needs-secret",
                "printf %s \"$PASSWORD\" > /out/password",
                b ->
                    b.editSpec()
                        .editTemplate()
                        .editSpec()
                        .editFirstContainer()
                        .addNewEnv()
                        .withName("PASSWORD")
                        .withNewValueFrom()
                        .withNewSecretKeyRef("password", "late", false)
                        .endValueFrom()
                        .endEnv()
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()));

    Pod pending =
        awaitPod(
            job,
            p ->
                p.getStatus() != null
                    && p.getStatus().getContainerStatuses() != null
                    && !p.getStatus().getContainerStatuses().isEmpty()
                    && p.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null);
    assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(
            pending.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
        .isEqualTo("CreateContainerConfigError");
    assertThat(
            pending.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage())
        .isEqualTo("secret \"late\" not found");
    assertThat(
            cluster
                .batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withName("needs-secret")
                .get()
                .getStatus()
                .getActive())
        .isEqualTo(1);
    assertThat(out.resolve("password")).doesNotExist();

    createSecret("late", "password", "finally");
    awaitCondition(job, "Complete");
    assertThat(out.resolve("password")).hasContent("finally");
  }

  @Test
  void aMissingClaimIsUnschedulable() {
    Job job =
        create(
            job(
                "no-claim",
                "true",
                b ->
                    b.editSpec()
                        .editTemplate()
                        .editSpec()
                        .editMatchingVolume(v -> v.getName().equals("exams"))
                        .editPersistentVolumeClaim()
                        .withClaimName("nowhere")
                        .endPersistentVolumeClaim()
                        .endVolume()
                        .endSpec()
                        .endTemplate()
                        .endSpec()));

    Pod pending =
        awaitPod(
            job,
            p ->
                p.getStatus() != null
                    && p.getStatus().getConditions() != null
                    && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Unschedulable".equals(c.getReason())));

    assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pending.getStatus().getConditions().get(0).getMessage())
        .isEqualTo("0/1 nodes are available: persistentvolumeclaim \"nowhere\" not found.");
    assertThat(events(pending)).contains("FailedScheduling");
  }

  @Test
  void theActiveDeadlineFailsTheJobAndStopsItsPod() {
    Job job =
        create(
            job(
                "slow",
                "trap 'echo stopped > /out/stopped; exit 143' TERM; touch /out/ready;"
                    + " while true; do sleep 0.1; done",
                b -> b.editSpec().withActiveDeadlineSeconds(10L).endSpec()));
    Await.until("the container handling SIGTERM", () -> Files.exists(out.resolve("ready")));

    Job failed = awaitCondition(job, "Failed");

    assertThat(condition(failed, "Failed").getReason()).isEqualTo("DeadlineExceeded");
    Await.until("the pod deleted", () -> pods(job).isEmpty());
    Await.until("its process stopped by SIGTERM", () -> Files.exists(out.resolve("stopped")));
  }

  @Test
  void deletingAJobInTheBackgroundStopsItsPodAndATtlDeletesAFinishedJob() {
    Job running =
        create(
            job(
                "forever",
                "trap 'echo stopped > /out/stopped; exit 143' TERM; touch /out/ready;"
                    + " while true; do sleep 0.1; done",
                b -> b));
    Await.until("the container handling SIGTERM", () -> Files.exists(out.resolve("ready")));

    cluster
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withName("forever")
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();

    Await.until("the pod collected", () -> pods(running).isEmpty());
    Await.until("its process stopped by SIGTERM", () -> Files.exists(out.resolve("stopped")));

    Job brief =
        create(job("brief", "true", b -> b.editSpec().withTtlSecondsAfterFinished(1).endSpec()));
    Await.until(
        "the finished Job deleted by its TTL",
        () -> {
          Job j = cluster.batch().v1().jobs().inNamespace(NS).withName("brief").get();
          return j == null;
        });
    Await.until("its pod collected with it", () -> pods(brief).isEmpty());
  }

  @Test
  void aPodRunsAsItsServiceAccountWhichRbacRestricts() {
    Job job =
        create(
            job(
                "as-default",
                "curl -s -o /out/body -w '%{http_code}' -H \"Authorization: Bearer $(cat"
                    + " /var/run/secrets/kubernetes.io/serviceaccount/token)\""
                    + " \"${KUBERNETES_MASTER}api/v1/namespaces/$(cat"
                    + " /var/run/secrets/kubernetes.io/serviceaccount/namespace)/secrets\" >"
                    + " /out/code",
                b -> b));

    awaitCondition(job, "Complete");

    assertThat(out.resolve("code")).hasContent("403");
    assertThat(api.audit().refusals())
        .anySatisfy(
            e -> assertThat(e.user().name()).isEqualTo("system:serviceaccount:team-a:default"));
  }

  @Test
  void runAsNonRootWithARootImageCannotStart() {
    Job job =
        create(
            job(
                "root",
                "true",
                b ->
                    b.editSpec()
                        .editTemplate()
                        .editSpec()
                        .withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .endSecurityContext()
                        .endSpec()
                        .endTemplate()
                        .endSpec()));

    Pod pending =
        awaitPod(
            job,
            p ->
                p.getStatus() != null
                    && p.getStatus().getContainerStatuses() != null
                    && !p.getStatus().getContainerStatuses().isEmpty()
                    && p.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null);

    assertThat(
            pending.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage())
        .startsWith("container has runAsNonRoot and image will run as root");
  }

  @Test
  void theContainerRunsAsTheUserOfItsSecurityContext() throws Exception {
    assumeTrue(PodSandbox.switchesUsers(), "user switching needs the tests to run as root");
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
    Job job =
        create(
            job(
                "as-user",
                "id -u > /out/uid && id -g > /out/gid",
                b ->
                    b.editSpec()
                        .editTemplate()
                        .editSpec()
                        .withNewSecurityContext()
                        .withRunAsUser(10001L)
                        .withRunAsGroup(10001L)
                        .withRunAsNonRoot(true)
                        .endSecurityContext()
                        .endSpec()
                        .endTemplate()
                        .endSpec()));

    awaitCondition(job, "Complete");

    assertThat(out.resolve("uid")).hasContent("10001");
    assertThat(out.resolve("gid")).hasContent("10001");
  }

  private static Job job(String name, String script, UnaryOperator<JobBuilder> customize) {
    JobBuilder builder =
        new JobBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(0)
            .withNewTemplate()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("main")
            .withImage(IMAGE)
            .withCommand("/bin/sh", "-c", script)
            .addNewVolumeMount()
            .withName("exams")
            .withMountPath("/in")
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("results")
            .withMountPath("/out")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("exams")
            .withNewPersistentVolumeClaim()
            .withClaimName("exams")
            .endPersistentVolumeClaim()
            .endVolume()
            .addNewVolume()
            .withName("results")
            .withNewPersistentVolumeClaim()
            .withClaimName("results")
            .endPersistentVolumeClaim()
            .endVolume()
            .endSpec()
            .endTemplate()
            .endSpec();
    return customize.apply(builder).build();
  }

  private Job create(Job job) {
    return cluster.batch().v1().jobs().inNamespace(NS).resource(job).create();
  }

  private void createSecret(String name, String key, String value) {
    cluster
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToData(
                    key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
                .build())
        .create();
  }

  private Job awaitCondition(Job job, String type) {
    return Await.value(
        "Job " + job.getMetadata().getName() + " " + type,
        () ->
            cluster.batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).get(),
        j ->
            j != null
                && j.getStatus() != null
                && j.getStatus().getConditions() != null
                && j.getStatus().getConditions().stream()
                    .anyMatch(c -> c.getType().equals(type) && "True".equals(c.getStatus())));
  }

  private Pod awaitPod(Job job, Predicate<Pod> state) {
    return Await.value(
        "a pod of " + job.getMetadata().getName(),
        () -> pods(job).stream().filter(state).findFirst().orElse(null),
        p -> p != null);
  }

  private List<Pod> pods(Job job) {
    return cluster
        .pods()
        .inNamespace(NS)
        .withLabel("batch.kubernetes.io/job-name", job.getMetadata().getName())
        .list()
        .getItems();
  }

  private Pod onlyPod(Job job) {
    List<Pod> pods = pods(job);
    assertThat(pods).hasSize(1);
    return pods.get(0);
  }

  private List<String> events(Pod pod) {
    return cluster.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> pod.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
        .map(Event::getReason)
        .toList();
  }

  private static JobCondition condition(Job job, String type) {
    return job.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }
}
