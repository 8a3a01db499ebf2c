package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.kubernetes.testing.ApiAudit;
import dev.bulwark.kubernetes.testing.Await;
import dev.bulwark.kubernetes.testing.ContainerImage;
import dev.bulwark.kubernetes.testing.DockerfileImage;
import dev.bulwark.kubernetes.testing.KustomizeBase;
import dev.bulwark.kubernetes.testing.TestingApiServer;
import dev.bulwark.kubernetes.testing.TestingKubelet;
import dev.bulwark.kubernetes.testing.UserInfo;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real image (compose-shim/Dockerfile's final stage, its files mapped to this checkout and the
 * packaged jar) in pods of the stand-in kubelet, on the strict stand-in API server: Jobs that run
 * {@code bulwark} against claims, and the shipped Deployment's pods under the shipped RBAC.
 */
class KubernetesPodsIT {
  private static final String NS = "team-a";
  private static final String IMAGE = "bulwark:latest";

  @TempDir Path tmp;

  private final TestingApiServer api = TestingApiServer.start();
  private TestingKubelet kubelet;
  private KubernetesClient cluster;

  @BeforeEach
  void startNode() throws IOException {
    ContainerImage image =
        DockerfileImage.finalStage(
            BulwarkProcess.ROOT.resolve("compose-shim/Dockerfile"), BulwarkProcess.ROOT, IMAGE);
    kubelet =
        TestingKubelet.start(
                api, Files.createDirectories(tmp.resolve("node")), Duration.ofSeconds(1))
            .withImage(image);
    cluster = api.admin();
  }

  @AfterEach
  void stop() {
    kubelet.close();
    assertThat(kubelet.problems()).as("errors of the stand-in kubelet").isEmpty();
    api.close();
  }

  @Test
  void theImageAnswersItsVersionInAJobPod() {
    Job job =
        create(
            new JobBuilder()
                .withNewMetadata()
                .withName("version")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withNewTemplate()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("bulwark")
                .withImage(IMAGE)
                .withCommand("java", "-jar", "/opt/bulwark/bulwark.jar", "--version")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build());

    awaitCondition(job, "Complete");

    assertThat(kubelet.logs(NS, onlyPod(job).getMetadata().getName())).contains("0.1.0");
  }

  @Test
  void aBackupJobOfAClaimRestoresByteForByteInARestoreJob() throws IOException {
    Path exams = Files.createDirectories(tmp.resolve("claims/exams"));
    Files.createDirectories(exams.resolve("2026/algebra"));
    Files.writeString(exams.resolve("2026/algebra/manifest.json"), "{\"schema_version\": 1}\n");
    byte[] scores = new byte[300_000];
    new Random(7).nextBytes(scores);
    Files.write(exams.resolve("2026/algebra/scores.bin"), scores);
    Path repository = writable(tmp.resolve("claims/repository"));
    Path restored = writable(tmp.resolve("claims/restored"));
    kubelet.provideClaim(NS, "exams", exams);
    kubelet.provideClaim(NS, "backups", repository);
    kubelet.provideClaim(NS, "restored", restored);
    cluster
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("policies")
                .endMetadata()
                .addToData(
                    "exams.yaml",
                    """
                    apiVersion: bulwark.dev/v1alpha1
                    kind: BackupPolicy
                    metadata: {name: exams}
                    spec:
                      env: test
                      target: local
                      targets: {local: {path: /repository}}
                      sources: [{path: /data/exams, domain: serving, priority: P0}]
                    """)
                .build())
        .create();

    Job backup = create(bulwarkJob("backup", List.of("backup", "--policy", "exams"), b -> b));
    awaitCondition(backup, "Complete");
    Job restore =
        create(
            bulwarkJob(
                "restore",
                List.of("restore", "--policy", "exams", "--to", "/restored"),
                b ->
                    b.editSpec()
                        .editTemplate()
                        .editSpec()
                        .editFirstContainer()
                        .addNewVolumeMount()
                        .withName("restored")
                        .withMountPath("/restored")
                        .endVolumeMount()
                        .endContainer()
                        .addNewVolume()
                        .withName("restored")
                        .withNewPersistentVolumeClaim()
                        .withClaimName("restored")
                        .endPersistentVolumeClaim()
                        .endVolume()
                        .endSpec()
                        .endTemplate()
                        .endSpec()));
    awaitCondition(restore, "Complete");

    Path back = restored.resolve("data/exams");
    try (Stream<Path> files = Files.walk(exams)) {
      for (Path original : files.filter(Files::isRegularFile).toList()) {
        Path copy = back.resolve(exams.relativize(original).toString());
        assertThat(Files.mismatch(original, copy)).as(copy + " equals " + original).isEqualTo(-1);
      }
    }
    assertThat(kubelet.logs(NS, onlyPod(backup).getMetadata().getName()).strip())
        .containsPattern("\\S+$");
  }

  @Test
  void theShippedDeploymentServesAPolicyUnderItsRbacAndHandsTheLeaseOverOnAStop()
      throws IOException {
    KustomizeBase base = KustomizeBase.shipped();
    api.apply(base);
    UserInfo operator = base.serviceAccount();
    Pod first = replica(base, "bulwark-operator-5d7c9-a");
    Pod second = replica(base, "bulwark-operator-5d7c9-b");
    for (Pod pod : List.of(first, second)) {
      Await.value(
          "pod " + pod.getMetadata().getName() + " running",
          () -> pod(pod),
          p -> p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase()));
      Path data =
          Files.createDirectories(
              kubelet
                  .volumeDirectory(base.namespace(), pod.getMetadata().getName(), "tmp")
                  .resolve("exams"));
      Files.writeString(data.resolve("scores.json"), "{\"score\": 91}");
    }
    Lease lease =
        Await.value(
            "the Lease held by a replica",
            () -> lease(base),
            l ->
                l != null
                    && l.getSpec().getHolderIdentity() != null
                    && !l.getSpec().getHolderIdentity().isBlank());
    String leader = lease.getSpec().getHolderIdentity();
    cluster
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: bulwark.dev/v1alpha1
                kind: BackupPolicy
                metadata: {name: exams, namespace: team-a}
                spec:
                  env: test
                  target: local
                  targets: {local: {path: /state/repository}}
                  sources: [{path: /tmp/exams, domain: serving, priority: P0}]
                """,
                BackupPolicyResource.class))
        .create();

    Await.value(
        "a successful backup in the policy's status",
        () -> cluster.resources(BackupPolicyResource.class).inNamespace(NS).withName("exams").get(),
        p -> p != null && p.getStatus() != null && p.getStatus().getLastSuccessfulBackup() != null);
    assertThat(
            api.audit().by(operator).stream()
                .filter(e -> !e.allowed())
                .map(ApiAudit.Entry::toString)
                .toList())
        .as("requests of the shipped Deployment that its RBAC refused")
        .isEmpty();

    Instant stop = Instant.now();
    cluster.pods().inNamespace(base.namespace()).withName(leader).delete();
    String successor =
        Await.value(
                "the other replica holding the Lease",
                () -> lease(base),
                l ->
                    l.getSpec().getHolderIdentity() != null
                        && !l.getSpec().getHolderIdentity().isBlank()
                        && !l.getSpec().getHolderIdentity().equals(leader))
            .getSpec()
            .getHolderIdentity();
    System.out.println(
        "takeover by the standby pod after the leader pod's deletion: "
            + Duration.between(stop, Instant.now()).toMillis()
            + " ms");
    assertThat(successor).isIn(first.getMetadata().getName(), second.getMetadata().getName());
    assertThat(api.audit().by(operator))
        .anySatisfy(
            e ->
                assertThat(e.request().permission())
                    .isEqualTo("update coordination.k8s.io leases"));
    assertThat(api.audit().by(operator).stream().filter(e -> !e.allowed()).toList()).isEmpty();
  }

  private Pod replica(KustomizeBase base, String name) {
    return ShippedDeployment.replica(cluster, base, name);
  }

  private Job bulwarkJob(String name, List<String> args, UnaryOperator<JobBuilder> customize) {
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
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .endSecurityContext()
            .addNewContainer()
            .withName("bulwark")
            .withImage(IMAGE)
            .withArgs(args)
            .addNewEnv()
            .withName("BULWARK_STATE")
            .withValue("/scratch/state")
            .endEnv()
            .withNewSecurityContext()
            .withReadOnlyRootFilesystem(true)
            .withAllowPrivilegeEscalation(false)
            .endSecurityContext()
            .addNewVolumeMount()
            .withName("policies")
            .withMountPath("/policies")
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("exams")
            .withMountPath("/data/exams")
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("backups")
            .withMountPath("/repository")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("scratch")
            .withMountPath("/scratch")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("policies")
            .withNewConfigMap()
            .withName("policies")
            .endConfigMap()
            .endVolume()
            .addNewVolume()
            .withName("exams")
            .withNewPersistentVolumeClaim()
            .withClaimName("exams")
            .withReadOnly(true)
            .endPersistentVolumeClaim()
            .endVolume()
            .addNewVolume()
            .withName("backups")
            .withNewPersistentVolumeClaim()
            .withClaimName("backups")
            .endPersistentVolumeClaim()
            .endVolume()
            .addNewVolume()
            .withName("scratch")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .addNewVolume()
            .withName("tmp")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .endSpec()
            .endTemplate()
            .endSpec();
    return customize.apply(builder).build();
  }

  private Job create(Job job) {
    return cluster.batch().v1().jobs().inNamespace(NS).resource(job).create();
  }

  private void awaitCondition(Job job, String type) {
    Job seen =
        Await.value(
            "Job " + job.getMetadata().getName() + " finished",
            () ->
                cluster
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(NS)
                    .withName(job.getMetadata().getName())
                    .get(),
            j ->
                j != null
                    && j.getStatus() != null
                    && j.getStatus().getConditions() != null
                    && j.getStatus().getConditions().stream()
                        .anyMatch(
                            c ->
                                ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                                    && "True".equals(c.getStatus())));
    assertThat(seen.getStatus().getConditions())
        .as(
            "Job %s ended %s; its log:%n%s",
            job.getMetadata().getName(),
            type,
            kubelet.logs(NS, onlyPod(job).getMetadata().getName()))
        .anySatisfy(c -> assertThat(c.getType()).isEqualTo(type));
  }

  private Pod onlyPod(Job job) {
    List<Pod> pods =
        cluster
            .pods()
            .inNamespace(NS)
            .withLabel("batch.kubernetes.io/job-name", job.getMetadata().getName())
            .list()
            .getItems();
    assertThat(pods).hasSize(1);
    return pods.get(0);
  }

  private Pod pod(Pod pod) {
    return cluster
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .get();
  }

  private Lease lease(KustomizeBase base) {
    return cluster.leases().inNamespace(base.namespace()).withName("bulwark-operator").get();
  }

  private static Path writable(Path dir) throws IOException {
    // A fresh volume that the image's user (10001) may write, as an fsGroup makes one on a cluster.
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    return dir;
  }
}
