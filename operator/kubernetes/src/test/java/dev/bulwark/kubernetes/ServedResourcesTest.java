package dev.bulwark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.Retention;
import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.core.Environment;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.overview.GateView;
import dev.bulwark.core.overview.Health;
import dev.bulwark.core.overview.ResourceHealth;
import dev.bulwark.core.overview.ResourceView;
import dev.bulwark.core.overview.ServedResources;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.engine.testing.TestingClock;
import dev.bulwark.kubernetes.testing.TestingCustomResources;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status page and the metrics of {@code bulwark operator} read the operator's caches: every
 * watched resource with the status the core decided, and one gate per namespace.
 */
@EnableKubernetesMockClient(crud = true)
class ServedResourcesTest {
  private static final String NAMESPACE = "team-a";

  KubernetesMockServer server;
  KubernetesClient client;
  private final TestingClock clock = TestingClock.at("2026-03-02T10:01:30Z");
  private KubernetesRuntime runtime;

  @BeforeEach
  void installCrds() {
    MockCluster.installCrds(client);
  }

  @AfterEach
  void stopOperator() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void theCachedResourcesAreServedWithTheirStatusAndAGatePerNamespace() {
    runtime =
        new KubernetesRuntime(
            client,
            Controllers.standard(Environment.of(Map.of())),
            clock,
            KubernetesRuntimeSettings.defaults());
    runtime.start();
    ServedResources served = runtime.served(GateSettings.defaults());
    create(TestingCustomResources.backupPolicy("nightly"));
    BackupPolicyResource broken = TestingCustomResources.backupPolicy("broken");
    Retention retention = new Retention();
    retention.setHotDays(200);
    retention.setColdDays(180);
    broken.getSpec().setRetention(retention);
    create(broken);
    create(TestingCustomResources.restoreDrill("weekly", "nightly"));

    List<ResourceView> views =
        Await.until(
            "three resources with a status in the cache",
            served::resources,
            list -> list.size() == 3 && list.stream().allMatch(v -> v.status() != null));

    assertThat(views)
        .extracting(ResourceView::displayName)
        .containsExactly(
            "BackupPolicy/team-a/broken",
            "BackupPolicy/team-a/nightly",
            "RestoreDrill/team-a/weekly");
    assertThat(ResourceHealth.of(views.get(0)).health()).isEqualTo(Health.INVALID);
    assertThat(ResourceHealth.of(views.get(1)).health()).isEqualTo(Health.PENDING);
    assertThat(views.get(2).policyRef()).isEqualTo("nightly");
    assertThat(views.get(2).level()).isEqualTo("L1");
    List<GateView> gates = served.gates(Instant.parse("2026-03-02T10:02:00Z"));
    assertThat(gates).extracting(GateView::namespace).containsExactly(NAMESPACE);
    assertThat(gates.get(0).decision().open()).isFalse();
  }

  private <R extends CustomResource<?, ?>> void create(R resource) {
    resource.getMetadata().setNamespace(NAMESPACE);
    client.resource(resource).create();
  }
}
