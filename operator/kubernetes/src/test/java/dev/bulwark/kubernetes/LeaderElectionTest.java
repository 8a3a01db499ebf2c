package dev.bulwark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.core.testing.TestingClock;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.kubernetes.KubernetesRuntimeSettings.LeaderElection;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leader election on the mock server. JOSDK first posts a SelfSubjectRulesReview, which the CRUD
 * mock cannot answer ({@link MockCluster#allowLeases} answers it), and the runtime must not exit the
 * JVM: these tests run with {@code exitOnLostLeadership} off, as only tests should.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {
  private static final String LEASE_NAMESPACE = "bulwark-system";
  private static final String NAMESPACE = "team-a";

  KubernetesMockServer server;
  KubernetesClient client;
  private KubernetesRuntime runtime;

  @BeforeEach
  void prepareCluster() {
    MockCluster.installCrds(client);
    MockCluster.allowLeases(server);
  }

  @AfterEach
  void stopOperator() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void theLeaderTakesTheLeaseAndReconciles() {
    runtime =
        new KubernetesRuntime(
            client,
            Controllers.standard(Environment.of(Map.of())),
            TestingClock.at("2026-03-02T10:01:30Z"),
            KubernetesRuntimeSettings.defaults()
                .withLeaderElection(
                    new LeaderElection("bulwark-test", Optional.of(LEASE_NAMESPACE), false)));
    runtime.start();
    BackupPolicy policy = TestingResources.backupPolicy("nightly");
    policy.getMetadata().setNamespace(NAMESPACE);

    client.resource(policy).create();

    Lease lease =
        Await.until(
            "the bulwark-test Lease held by this replica",
            () -> client.leases().inNamespace(LEASE_NAMESPACE).withName("bulwark-test").get(),
            l -> l.getSpec().getHolderIdentity() != null);
    assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
    Await.until(
        "a Ready status on nightly",
        () -> client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName("nightly").get(),
        p -> p.getStatus() != null && p.getStatus().conditions().isTrue(ConditionType.READY));
  }
}
