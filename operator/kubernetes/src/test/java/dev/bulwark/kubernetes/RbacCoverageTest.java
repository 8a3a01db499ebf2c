package dev.bulwark.kubernetes;

import dev.bulwark.api.backup.Encryption;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.SecretKeyRef;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.alerts.AlertSink;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobExecutor;
import dev.bulwark.core.reconcile.RuntimeServices;
import dev.bulwark.core.secrets.LocalSecrets;
import dev.bulwark.kubernetes.secrets.KubernetesSecrets;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.core.testing.TestingClock;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.kubernetes.KubernetesRuntimeSettings.LeaderElection;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator as the shipped Deployment runs it (leader election, every namespace) against the
 * mock API server: every API call it makes is allowed by the shipped RBAC (examples/kubernetes),
 * and every permission that RBAC grants is used, so it stays least-privilege.
 */
@EnableKubernetesMockClient(crud = true)
class RbacCoverageTest {
  private static final String USER_AGENT = "bulwark-operator-under-rbac-test";
  private static final String NAMESPACE = "team-a";

  KubernetesMockServer server;
  KubernetesClient client;
  private final ShippedRbac rbac = ShippedRbac.load();
  private RecordedApiCalls recorded;
  private KubernetesClient operatorClient;
  private KubernetesRuntime runtime;

  @BeforeEach
  void prepareCluster() {
    MockCluster.installCrds(client);
    MockCluster.allowLeases(server);
    recorded = RecordedApiCalls.on(server, USER_AGENT);
    operatorClient = recorded.client(client);
  }

  @AfterEach
  void stopOperator() {
    if (runtime != null) {
      runtime.close();
    }
    operatorClient.close();
  }

  @Test
  void everyCallTheOperatorMakesIsAllowedAndEveryGrantIsUsed(@TempDir Path tmp) throws Exception {
    // A real job runs too, with its encryption key in a Secret referred to by name.
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(data.resolve("exam.json"), "{\"score\": 91}");
    client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder()
        .withNewMetadata().withName("backup-key").endMetadata()
        .addToData("key", Base64.getEncoder().encodeToString(Base64.getEncoder().encode(new byte[32])))
        .build()).create();
    Environment environment = Environment.of(Map.of());
    StatePaths state = new StatePaths(tmp.resolve("state"));
    PolicyRepositories repositories = new PolicyRepositories(
        environment, Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state.root())), Clock.systemUTC(),
        new KubernetesSecrets(operatorClient, new LocalSecrets(environment)));
    RuntimeServices services = RuntimeServices.of(
        new JobExecutor(BackupJobRunner.builder(repositories, environment, state).build(), 1),
        AlertSink.none(), new AuditLog(state.auditLog()));
    runtime =
        new KubernetesRuntime(
            operatorClient,
            Controllers.standard(environment),
            TestingClock.at("2026-03-02T10:01:30Z"),
            deploymentSettings(),
            services);
    runtime.start();
    BackupPolicy policy = TestingResources.backupPolicy("nightly");
    policy.getSpec().getSources().get(0).setPath(data.toString());
    SecretKeyRef keyRef = new SecretKeyRef();
    keyRef.setName("backup-key");
    keyRef.setKey("key");
    SecretRef keyFrom = new SecretRef();
    keyFrom.setSecret(keyRef);
    Encryption encryption = new Encryption();
    encryption.setKeyFrom(keyFrom);
    policy.getSpec().setEncryption(encryption);
    create(policy);
    create(TestingResources.restoreDrill("weekly", "nightly"));
    create(TestingResources.migrationPlan("profiles-v2", "nightly"));
    ReplayPlan replay = new ReplayPlan(); // an empty spec: invalid, which still gets a status
    replay.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("scores-v2").build());
    replay.setSpec(new dev.bulwark.api.replay.ReplayPlanSpec());
    create(replay);
    awaitStatus(BackupPolicy.class, "nightly");
    awaitStatus(RestoreDrill.class, "weekly");
    awaitStatus(MigrationPlan.class, "profiles-v2");
    awaitStatus(ReplayPlan.class, "scores-v2");
    // The status shows the job at the controller's next look, up to 15 s after it ended.
    Await.until(
        "the first backup of nightly, encrypted with the key from Secret backup-key",
        java.time.Duration.ofSeconds(45),
        () -> client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName("nightly").get(),
        p -> p.getStatus() != null && p.getStatus().getLastSuccessfulBackup() != null);

    // Lease renewals come every couple of seconds: wait until every grant has been exercised.
    Set<String> granted = rbac.grantedPermissions();
    Await.until(
        "the operator to use every permission the shipped RBAC grants " + granted,
        () -> usedPermissions(recorded.calls()),
        used -> used.containsAll(granted));
    runtime.close();
    List<ApiCall> calls = recorded.calls();

    assertThat(calls).as("calls recorded from the operator's client").isNotEmpty();
    assertThat(calls.stream().filter(call -> !rbac.allows(call)).map(ApiCall::toString).toList())
        .as("calls the shipped RBAC (examples/kubernetes/rbac.yaml) forbids")
        .isEmpty();
    System.out.println("RBAC rule <- calls that need it:\n" + callsByPermission(calls));
  }

  @Test
  void theTestRunsTheOperatorAsTheDeploymentConfiguresIt() {
    JsonNode container =
        rbac.document("Deployment", "bulwark-operator").at("/spec/template/spec/containers/0");
    Map<String, JsonNode> env =
        StreamSupport.stream(container.path("env").spliterator(), false)
            .collect(Collectors.toMap(e -> e.path("name").asText(), e -> e));

    assertThat(container.path("args").get(0).asText()).isEqualTo("operator");
    assertThat(env.get("BULWARK_LEADER_ELECTION").path("value").asText()).isEqualTo("true");
    assertThat(env.get("BULWARK_NAMESPACES").path("value").asText()).isEmpty();
    assertThat(env.get("BULWARK_LEASE_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText())
        .isEqualTo("metadata.namespace");
    assertThat(rbac.document("Deployment", "bulwark-operator").at("/spec/template/spec/serviceAccountName").asText())
        .isEqualTo(rbac.document("ServiceAccount", "bulwark-operator").at("/metadata/name").asText());
  }

  @Test
  void rbacFollowsTheApiServersRules() {
    // Sanity of the evaluator itself: it must be able to say no.
    assertThat(rbac.allows(ApiCall.of("GET", "/api/v1/namespaces/" + NAMESPACE + "/secrets"))).as("listing Secrets")
        .isFalse();
    assertThat(rbac.allows(ApiCall.of("GET", "/api/v1/namespaces/" + NAMESPACE + "/secrets/db"))).isTrue();
    assertThat(rbac.allows(ApiCall.of("PUT", "/apis/bulwark.dev/v1alpha1/namespaces/a/backuppolicies/x"))).isFalse();
    assertThat(rbac.allows(ApiCall.of("GET", "/apis/coordination.k8s.io/v1/namespaces/" + NAMESPACE + "/leases/l")))
        .as("Leases only in the operator's namespace")
        .isFalse();
    assertThat(rbac.allows(ApiCall.of("GET", "/apis/coordination.k8s.io/v1/namespaces/" + rbac.namespace() + "/leases/l")))
        .isTrue();
    assertThat(rbac.allows(ApiCall.of("GET", "/apis/bulwark.dev/v1alpha1/backuppolicies?watch=true")))
        .as("watching every namespace")
        .isTrue();
  }

  private KubernetesRuntimeSettings deploymentSettings() {
    // As deployment.yaml sets it: all namespaces, the Lease in the pod's own namespace.
    return KubernetesRuntimeSettings.defaults()
        .withLeaderElection(
            new LeaderElection(
                KubernetesRuntimeSettings.DEFAULT_LEASE_NAME, Optional.of(rbac.namespace()), false));
  }

  private static Set<String> usedPermissions(List<ApiCall> calls) {
    return calls.stream().filter(c -> !c.isNonResource()).map(ApiCall::permission).collect(Collectors.toSet());
  }

  private static String callsByPermission(List<ApiCall> calls) {
    return calls.stream()
        .collect(Collectors.groupingBy(ApiCall::permission, java.util.TreeMap::new,
            Collectors.mapping(c -> c.path(), Collectors.toCollection(TreeSet::new))))
        .entrySet()
        .stream()
        .map(e -> "  " + e.getKey() + " <- " + e.getValue())
        .collect(Collectors.joining("\n"));
  }

  private void create(CustomResource<?, ?> resource) {
    resource.getMetadata().setNamespace(NAMESPACE);
    client.resource(resource).create();
  }

  private <R extends CustomResource<?, ? extends ResourceStatus>> void awaitStatus(Class<R> type, String name) {
    Await.until(
        "a Valid status on " + type.getSimpleName() + " " + name,
        () -> client.resources(type).inNamespace(NAMESPACE).withName(name).get(),
        r -> r.getStatus() != null && r.getStatus().conditions().get(ConditionType.VALID).isPresent());
  }
}
