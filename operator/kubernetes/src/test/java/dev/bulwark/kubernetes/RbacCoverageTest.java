package dev.bulwark.kubernetes;

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
  void everyCallTheOperatorMakesIsAllowedAndEveryGrantIsUsed() {
    runtime =
        new KubernetesRuntime(
            operatorClient,
            Controllers.standard(Environment.of(Map.of())),
            TestingClock.at("2026-03-02T10:01:30Z"),
            deploymentSettings());
    runtime.start();
    create(TestingResources.backupPolicy("nightly"));
    create(TestingResources.restoreDrill("weekly", "nightly"));
    create(TestingResources.migrationPlan("profiles-v2", "nightly"));
    awaitStatus(BackupPolicy.class, "nightly");
    awaitStatus(RestoreDrill.class, "weekly");
    awaitStatus(MigrationPlan.class, "profiles-v2");

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
    assertThat(rbac.allows(ApiCall.of("GET", "/api/v1/namespaces/" + NAMESPACE + "/secrets/db"))).isFalse();
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
