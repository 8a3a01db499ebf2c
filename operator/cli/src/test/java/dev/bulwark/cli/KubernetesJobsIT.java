package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.api.crd.RestoreDrillResource;
import dev.bulwark.kubernetes.testing.ApiAudit;
import dev.bulwark.kubernetes.testing.Await;
import dev.bulwark.kubernetes.testing.DockerfileImage;
import dev.bulwark.kubernetes.testing.KustomizeBase;
import dev.bulwark.kubernetes.testing.TestingApiServer;
import dev.bulwark.kubernetes.testing.TestingKubelet;
import dev.bulwark.kubernetes.testing.UserInfo;
import dev.bulwark.targets.s3.S3MockClients;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Kubernetes mode end to end, as a K8up or Velero user would run it: the shipped kustomize base on
 * the strict stand-in API server (its RBAC enforced, 403 for anything else), the operator as a pod
 * of the shipped Deployment and every Job as a pod of the real image on the stand-in kubelet, a
 * real S3 server. A BackupPolicy in namespace team-a names a PersistentVolumeClaim: its backup is a
 * Job that mounts the claim and writes a snapshot to the bucket, its RestoreDrill is a Job that
 * restores it, and the release gate of team-a opens. Then the operator pod is replaced by one with
 * an empty state directory: no surprise full, no second Job, the same gate.
 */
class KubernetesJobsIT {
  private static final String NS = "team-a";
  private static final String IMAGE = "bulwark:latest";
  private static final String BUCKET = "team-a-backups";
  private static final Duration JOB_WAIT = Duration.ofSeconds(120);

  @TempDir Path tmp;

  private final TestingApiServer api = TestingApiServer.start();
  private final KustomizeBase base = KustomizeBase.shipped();
  private TestingKubelet kubelet;
  private KubernetesClient cluster;
  private S3MockProcess s3;

  @BeforeEach
  void start() throws Exception {
    s3 =
        S3MockProcess.start(
            BUCKET, Files.createDirectories(tmp.resolve("s3")), tmp.resolve("s3.log"));
    kubelet =
        TestingKubelet.start(
                api, Files.createDirectories(tmp.resolve("node")), Duration.ofSeconds(1))
            .withImage(
                DockerfileImage.finalStage(
                    BulwarkProcess.ROOT.resolve("compose-shim/Dockerfile"),
                    BulwarkProcess.ROOT,
                    IMAGE));
    cluster = api.admin();
    api.apply(base);
  }

  @AfterEach
  void stop() throws IOException {
    try {
      kubelet.close();
      api.close();
    } finally {
      s3.close();
    }
    assertThat(kubelet.problems()).as("errors of the stand-in kubelet").isEmpty();
  }

  @Test
  void aClaimIsBackedUpAndDrilledByJobsAndANewOperatorPodLosesNothing() throws Exception {
    Path exams = Files.createDirectories(tmp.resolve("claims/exams/2026/algebra"));
    Files.writeString(exams.resolve("manifest.json"), "{\"schema_version\": 1}\n");
    byte[] scores = new byte[200_000];
    new Random(11).nextBytes(scores);
    Files.write(exams.resolve("scores.bin"), scores);
    Files.setPosixFilePermissions(
        tmp.resolve("claims/exams"), PosixFilePermissions.fromString("rwxr-xr-x"));
    kubelet.provideClaim(NS, "exams", tmp.resolve("claims/exams"));
    secret(
        "s3-credentials",
        Map.of(
            "AWS_ACCESS_KEY_ID",
            S3MockClients.ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY",
            "team-a-secret"));
    byte[] key = new byte[32];
    new Random(5).nextBytes(key);
    secret("backup-key", Map.of("key", Base64.getEncoder().encodeToString(key)));
    UserInfo operator = base.serviceAccount();
    Pod first = ShippedDeployment.replica(cluster, base, "bulwark-operator-5d7c9-a");
    awaitLeader(first);

    cluster
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: bulwark.dev/v1alpha1
                kind: BackupPolicy
                metadata: {name: exams, namespace: team-a}
                spec:
                  env: test
                  target: s3
                  targets:
                    s3: {bucket: %s, endpoint: '%s', region: us-east-1, pathStyle: true}
                  credentialsSecret: s3-credentials
                  encryption: {keyFrom: {secret: {name: backup-key, key: key}}}
                  schedule: {incremental: '0 0 1 1 *', full: '0 0 1 1 *'}
                  sources:
                    - persistentVolumeClaim: {claimName: exams, subPath: '2026'}
                      domain: serving
                      priority: P0
                """
                    .formatted(BUCKET, s3.endpoint()),
                BackupPolicyResource.class))
        .create();

    BackupPolicyResource backedUp =
        Await.value(
            "a successful backup in the policy's status",
            JOB_WAIT,
            this::policy,
            p -> p.getStatus() != null && p.getStatus().getLastSuccessfulBackup() != null);
    String snapshot = backedUp.getStatus().getLastSuccessfulBackup().getJobId();
    Job backup = onlyJob("backup");
    assertThat(backup.getMetadata().getLabels()).containsEntry("bulwark.dev/run-id", snapshot);
    assertThat(condition(backup)).isEqualTo("Complete");
    try (S3Client client = S3MockClients.raw(s3.endpoint())) {
      List<String> keys =
          client.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream()
              .map(S3Object::key)
              .toList();
      assertThat(keys).as("objects in the bucket").anyMatch(k -> k.contains(snapshot));
    }

    cluster
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: bulwark.dev/v1alpha1
                kind: RestoreDrill
                metadata: {name: weekly, namespace: team-a}
                spec: {policyRef: exams, level: L1}
                """,
                RestoreDrillResource.class))
        .create();
    RestoreDrillResource drilled =
        Await.value(
            "a successful drill in the drill's status",
            JOB_WAIT,
            this::drill,
            d ->
                d.getStatus() != null
                    && d.getStatus().getLastRun() != null
                    && d.getStatus().getLastRun().getFinishedAt() != null);
    assertThat(drilled.getStatus().getLastRun().getSucceeded())
        .as("drill: %s", drilled.getStatus().getLastRun().getFailureReason())
        .isTrue();
    assertThat(drilled.getStatus().getLastRun().getSnapshotJobId()).isEqualTo(snapshot);
    assertThat(condition(onlyJob("drill"))).isEqualTo("Complete");
    BulwarkProcess.Result gate = gateCheck(operator);
    assertThat(gate.exitCode()).as(gate.stdout() + gate.stderr()).isZero();
    assertThat(refusals(operator)).as("requests the shipped RBAC refused").isEmpty();

    // The operator's pod is replaced; the new one starts on an empty state directory.
    cluster.pods().inNamespace(base.namespace()).withName(first.getMetadata().getName()).delete();
    Pod second = ShippedDeployment.replica(cluster, base, "bulwark-operator-5d7c9-b");
    awaitLeader(second);
    Await.until(
        "the new operator reconciling",
        () -> kubelet.logs(base.namespace(), second.getMetadata().getName()).contains("Leading"));
    Thread.sleep(15_000); // several reconciles of both resources

    assertThat(jobs("backup")).as("backup Jobs: no surprise full, no second job").hasSize(1);
    assertThat(jobs("drill")).as("drill Jobs: no drill before its schedule").hasSize(1);
    assertThat(policy().getStatus().getLastSuccessfulBackup().getJobId()).isEqualTo(snapshot);
    assertThat(drill().getStatus().getLastRun().getSucceeded()).isTrue();
    BulwarkProcess.Result after = gateCheck(operator);
    assertThat(after.exitCode()).as(after.stdout() + after.stderr()).isZero();
    assertThat(after.stdout()).isEqualTo(gate.stdout());
    assertThat(refusals(operator)).isEmpty();
  }

  private BulwarkProcess.Result gateCheck(UserInfo user) throws Exception {
    Path kubeconfig = tmp.resolve("kubeconfig");
    Files.writeString(kubeconfig, api.kubeconfigFor(user, NS));
    return BulwarkProcess.run(
        tmp,
        Map.of("KUBECONFIG", kubeconfig.toString()),
        "gate",
        "check",
        "--kubernetes",
        "--namespace",
        NS);
  }

  private void awaitLeader(Pod pod) {
    Await.value(
        "pod " + pod.getMetadata().getName() + " holding the Lease",
        () -> cluster.leases().inNamespace(base.namespace()).withName("bulwark-operator").get(),
        (Lease l) ->
            l != null && pod.getMetadata().getName().equals(l.getSpec().getHolderIdentity()));
  }

  private BackupPolicyResource policy() {
    return cluster.resources(BackupPolicyResource.class).inNamespace(NS).withName("exams").get();
  }

  private RestoreDrillResource drill() {
    return cluster.resources(RestoreDrillResource.class).inNamespace(NS).withName("weekly").get();
  }

  private List<Job> jobs(String kind) {
    return cluster
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withLabel("bulwark.dev/run-kind", kind)
        .list()
        .getItems();
  }

  private Job onlyJob(String kind) {
    List<Job> jobs = jobs(kind);
    assertThat(jobs).as(kind + " Jobs").hasSize(1);
    return jobs.get(0);
  }

  private static String condition(Job job) {
    return job.getStatus().getConditions().stream()
        .filter(c -> "True".equals(c.getStatus()))
        .map(c -> c.getType())
        .filter(type -> type.equals("Complete") || type.equals("Failed"))
        .findFirst()
        .orElse("none");
  }

  private List<String> refusals(UserInfo user) {
    return api.audit().by(user).stream()
        .filter(e -> !e.allowed())
        .map(ApiAudit.Entry::toString)
        .toList();
  }

  private void secret(String name, Map<String, String> data) throws IOException {
    cluster
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(data)
                .build())
        .create();
  }
}
