package dev.bulwark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.api.backup.ClaimSource;
import dev.bulwark.api.backup.Encryption;
import dev.bulwark.api.backup.S3TargetSettings;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.backup.TargetSettings;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.api.common.SecretKeyRef;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.api.crd.MigrationPlanResource;
import dev.bulwark.api.crd.ReplayPlanResource;
import dev.bulwark.api.crd.RestoreDrillResource;
import dev.bulwark.api.replay.ReplayPlanSpec;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.alerts.AlertSink;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobRuns;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.core.reconcile.RuntimeServices;
import dev.bulwark.core.secrets.LocalSecrets;
import dev.bulwark.engine.testing.TestingClock;
import dev.bulwark.kubernetes.KubernetesRuntimeSettings.LeaderElection;
import dev.bulwark.kubernetes.jobs.KubernetesRuns;
import dev.bulwark.kubernetes.secrets.KubernetesSecrets;
import dev.bulwark.kubernetes.testing.ApiAudit;
import dev.bulwark.kubernetes.testing.KustomizeBase;
import dev.bulwark.kubernetes.testing.PodEnvironment;
import dev.bulwark.kubernetes.testing.RbacCoverage;
import dev.bulwark.kubernetes.testing.TestingApiServer;
import dev.bulwark.kubernetes.testing.TestingCustomResources;
import dev.bulwark.kubernetes.testing.UserInfo;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator as the shipped Deployment runs it (leader election on, the Lease namespace and the
 * watched namespaces from the Deployment's env) on the strict stand-in API server, which enforces
 * the shipped RBAC (examples/kubernetes, applied as {@code kubectl apply -k} would): a policy in
 * another namespace is backed up with zero refused requests, and every permission the RBAC grants
 * is used, so it stays least-privilege.
 */
class RbacCoverageTest {
  private static final String NAMESPACE = "team-a";

  private final KustomizeBase base = KustomizeBase.shipped();
  private final TestingApiServer api = TestingApiServer.start();
  private UserInfo operator;
  private KubernetesClient operatorClient;
  private KubernetesRuntime runtime;

  @BeforeEach
  void installTheBase() {
    api.apply(base);
    operator = base.serviceAccount();
    operatorClient = api.clientAs(operator);
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
    api.close();
  }

  @Test
  void theOperatorServesAPolicyToASuccessfulBackupWithZeroRefusalsAndUsesEveryGrant(
      @TempDir Path tmp) throws Exception {
    // A real job runs too, with its encryption key in a Secret referred to by name.
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(data.resolve("exam.json"), "{\"score\": 91}");
    api.admin()
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("backup-key")
                .endMetadata()
                .addToData(
                    "key",
                    Base64.getEncoder().encodeToString(Base64.getEncoder().encode(new byte[32])))
                .build())
        .create();
    runtime =
        new KubernetesRuntime(
            operatorClient,
            Controllers.standard(Environment.of(Map.of())),
            TestingClock.at("2026-03-02T10:01:30Z"),
            settingsFromTheDeployment(),
            jobServices(tmp.resolve("state")));
    runtime.start();
    BackupPolicyResource policy = TestingCustomResources.backupPolicy("nightly");
    policy.getSpec().getSources().get(0).setPath(data.toString());
    policy.getSpec().setEncryption(keyFromSecret("backup-key", "key"));
    create(policy);
    create(TestingCustomResources.restoreDrill("weekly", "nightly"));
    create(TestingCustomResources.migrationPlan("profiles-v2", "nightly"));
    ReplayPlanResource replay =
        new ReplayPlanResource(); // an empty spec: invalid, which still gets a status
    replay.setMetadata(new ObjectMetaBuilder().withName("scores-v2").build());
    replay.setSpec(new ReplayPlanSpec());
    create(replay);
    // A policy of a claim: its backup is a Job (created, watched, its claim and the pods that
    // mount it read), and suspending the policy cancels it (the Job deleted).
    api.admin()
        .persistentVolumeClaims()
        .inNamespace(NAMESPACE)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("exams")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .endSpec()
                .build())
        .create();
    BackupPolicyResource volumes = TestingCustomResources.backupPolicy("volumes");
    ClaimSource claim = new ClaimSource();
    claim.setClaimName("exams");
    volumes.getSpec().getSources().get(0).setPath(null);
    volumes.getSpec().getSources().get(0).setPersistentVolumeClaim(claim);
    volumes.getSpec().setTarget(TargetProvider.S3);
    S3TargetSettings s3 = new S3TargetSettings();
    s3.setBucket("backups");
    TargetSettings targets = new TargetSettings();
    targets.setS3(s3);
    volumes.getSpec().setTargets(targets);
    create(volumes);
    Await.until(
        "the backup Job of policy volumes",
        () -> api.admin().batch().v1().jobs().inNamespace(NAMESPACE).list().getItems(),
        jobs -> !jobs.isEmpty());
    api.admin()
        .resources(BackupPolicyResource.class)
        .inNamespace(NAMESPACE)
        .withName("volumes")
        .edit(
            p -> {
              p.getSpec().setSuspend(true);
              return p;
            });
    Await.until(
        "the Job of the suspended policy deleted",
        () -> api.admin().batch().v1().jobs().inNamespace(NAMESPACE).list().getItems(),
        List::isEmpty);
    awaitStatus(BackupPolicyResource.class, "nightly");
    awaitStatus(RestoreDrillResource.class, "weekly");
    awaitStatus(MigrationPlanResource.class, "profiles-v2");
    awaitStatus(ReplayPlanResource.class, "scores-v2");
    // The status shows the job at the controller's next look, up to 30 s after it ended.
    Await.until(
        "the first backup of nightly, encrypted with the key from Secret backup-key",
        Duration.ofSeconds(45),
        () ->
            api.admin()
                .resources(BackupPolicyResource.class)
                .inNamespace(NAMESPACE)
                .withName("nightly")
                .get(),
        p -> p.getStatus() != null && p.getStatus().getLastSuccessfulBackup() != null);
    // Renewals come every 2 s; the Lease is released (an update) when the runtime closes.
    Await.until(
        "a renewal of the Lease",
        () ->
            api.audit().by(operator).stream()
                .filter(
                    e ->
                        e.request().verb().equals("patch")
                            && e.request().resource().equals("leases"))
                .count(),
        renewals -> renewals > 0);
    runtime.close();

    List<ApiAudit.Entry> decisions = api.audit().by(operator);
    assertThat(decisions).as("requests the operator sent").isNotEmpty();
    assertThat(decisions.stream().filter(e -> !e.allowed()).map(ApiAudit.Entry::toString).toList())
        .as("requests the shipped RBAC refused")
        .isEmpty();
    RbacCoverage coverage = RbacCoverage.of(base, operator, decisions);
    System.out.println("RBAC grant <- requests that used it:\n" + coverage.table());
    assertThat(coverage.unused())
        .as("grants of the shipped RBAC that the operator never used")
        .isEmpty();
  }

  @Test
  void theTestRunsTheOperatorAsTheDeploymentConfiguresIt() {
    JsonNode deployment = base.document("Deployment", "bulwark-operator");
    Container container = podTemplate().getSpec().getContainers().get(0);

    assertThat(container.getArgs()).containsExactly("operator");
    assertThat(deploymentEnvironment()).containsEntry("BULWARK_LEADER_ELECTION", "true");
    assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText())
        .isEqualTo(operator.name().substring(operator.name().lastIndexOf(':') + 1));
  }

  /** The runtime's settings from the Deployment's env, resolved as the kubelet resolves it. */
  private KubernetesRuntimeSettings settingsFromTheDeployment() {
    Map<String, String> env = deploymentEnvironment();
    assertThat(env.get("BULWARK_LEADER_ELECTION")).isEqualTo("true");
    // Exiting on a lost lease would end the test JVM: the one setting tests change.
    return KubernetesRuntimeSettings.defaults()
        .watching(KubernetesRuntimeSettings.namespacesFrom(env.get("BULWARK_NAMESPACES")))
        .withLeaderElection(
            new LeaderElection(
                KubernetesRuntimeSettings.DEFAULT_LEASE_NAME,
                Optional.of(env.get("BULWARK_LEASE_NAMESPACE")),
                false));
  }

  private Map<String, String> deploymentEnvironment() {
    PodTemplateSpec template = podTemplate();
    ObjectMeta pod =
        new ObjectMetaBuilder(template.getMetadata())
            .withName("bulwark-operator-7d9f8-x2x4q")
            .withNamespace(base.namespace())
            .build();
    PodEnvironment.Result env =
        PodEnvironment.resolve(
            api.admin(),
            pod,
            template.getSpec(),
            template.getSpec().getContainers().get(0),
            "node-1");
    assertThat(env.error()).as("the Deployment's env resolves").isEmpty();
    return env.variables();
  }

  private PodTemplateSpec podTemplate() {
    JsonNode template = base.document("Deployment", "bulwark-operator").at("/spec/template");
    return Serialization.unmarshal(template.toString(), PodTemplateSpec.class);
  }

  private RuntimeServices jobServices(Path stateRoot) {
    Environment environment = Environment.of(Map.of());
    StatePaths state = new StatePaths(stateRoot);
    PolicyRepositories repositories =
        new PolicyRepositories(
            environment,
            Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state.root())),
            Clock.systemUTC(),
            new KubernetesSecrets(operatorClient, new LocalSecrets(environment)));
    BackupJobRunner runner = BackupJobRunner.builder(repositories, environment, state).build();
    return RuntimeServices.of(
        KubernetesRuns.jobs(
            operatorClient,
            runner,
            JobRuns.inProcess(runner, 1),
            Map.of(),
            List.of(),
            Clock.systemUTC()),
        AlertSink.none(),
        new AuditLog(state.auditLog()));
  }

  private static Encryption keyFromSecret(String name, String key) {
    SecretKeyRef keyRef = new SecretKeyRef();
    keyRef.setName(name);
    keyRef.setKey(key);
    SecretRef keyFrom = new SecretRef();
    keyFrom.setSecret(keyRef);
    Encryption encryption = new Encryption();
    encryption.setKeyFrom(keyFrom);
    return encryption;
  }

  private void create(CustomResource<?, ?> resource) {
    resource.getMetadata().setNamespace(NAMESPACE);
    api.admin().resource(resource).create();
  }

  private <R extends CustomResource<?, ? extends ResourceStatus>> void awaitStatus(
      Class<R> type, String name) {
    Await.until(
        "a Valid status on " + type.getSimpleName() + " " + name,
        () -> api.admin().resources(type).inNamespace(NAMESPACE).withName(name).get(),
        r ->
            r.getStatus() != null
                && r.getStatus().conditions().get(ConditionType.VALID).isPresent());
  }
}
