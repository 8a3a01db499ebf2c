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
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leader election on the mock server. JOSDK first posts a SelfSubjectRulesReview, which the CRUD
 * mock cannot answer ({@link MockCluster#allowLeases} answers it), and the runtime must not exit the
 * JVM: these tests run with {@code exitOnLostLeadership} off, as only tests should.
 *
 * <p>Replicas tell themselves apart by JOSDK's identity, {@code $HOSTNAME} or else a random UUID:
 * surefire runs this module without HOSTNAME, so that two runtimes in one JVM are two replicas (on
 * a cluster, HOSTNAME is the pod's name).
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {
  private static final String LEASE_NAMESPACE = "bulwark-system";
  private static final String NAMESPACE = "team-a";
  // JOSDK's default lease duration.
  private static final Duration LEASE_EXPIRY = Duration.ofSeconds(15);

  KubernetesMockServer server;
  KubernetesClient client;
  private KubernetesRuntime runtime;
  private final List<AutoCloseable> opened = new ArrayList<>();

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
    for (int i = opened.size() - 1; i >= 0; i--) {
      AutoCloseable resource = opened.get(i);
      try {
        resource.close();
      } catch (Exception e) {
        throw new AssertionError("closing " + resource, e);
      }
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

  @Test
  void onlyTheLeaderReconcilesAndTheStandbyTakesOverWhenItStops() {
    // Each replica's clock differs by an hour, so a status says who computed it: the next
    // incremental (every 5 minutes) is 10:05 from the first replica, 11:05 from the second.
    KubernetesRuntime first = replica("2026-03-02T10:01:30Z");
    first.start();
    String firstIdentity = awaitHolder(null);
    KubernetesRuntime second = replica("2026-03-02T11:01:30Z");
    second.start();

    createPolicy("nightly");
    awaitNextIncremental("nightly", "2026-03-02T10:05:00Z");
    // The standby has had as long to react to this one as the leader to the first one.
    createPolicy("late");
    awaitNextIncremental("late", "2026-03-02T10:05:00Z");
    assertThat(policy("nightly").getStatus().getNextIncremental())
        .as("the standby never wrote a status")
        .isEqualTo("2026-03-02T10:05:00Z");
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(firstIdentity);

    // The leader stops (its pod is deleted). The Lease keeps its holder until it expires (15 s
    // after the last renewal the standby saw), then the standby takes it.
    first.close();
    String secondIdentity = awaitHolder(firstIdentity);
    assertThat(secondIdentity).isNotEqualTo(firstIdentity);
    awaitNextIncremental("nightly", "2026-03-02T11:05:00Z");
    awaitNextIncremental("late", "2026-03-02T11:05:00Z");
  }

  private KubernetesRuntime replica(String now) {
    KubernetesClient own = new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    KubernetesRuntime replica =
        new KubernetesRuntime(
            own,
            Controllers.standard(Environment.of(Map.of())),
            TestingClock.at(now),
            KubernetesRuntimeSettings.defaults()
                .withLeaderElection(
                    new LeaderElection("bulwark-failover", Optional.of(LEASE_NAMESPACE), false)));
    opened.add(own);
    opened.add(replica);
    return replica;
  }

  private Lease lease() {
    return client.leases().inNamespace(LEASE_NAMESPACE).withName("bulwark-failover").get();
  }

  /** Waits for the Lease to be held by someone other than {@code previous}; returns the holder. */
  private String awaitHolder(String previous) {
    return Await.until(
            "the bulwark-failover Lease held by a replica other than " + previous,
            LEASE_EXPIRY.plus(Await.TIMEOUT),
            this::lease,
            l -> {
              String holder = l.getSpec().getHolderIdentity();
              return holder != null && !holder.isBlank() && !Objects.equals(holder, previous);
            })
        .getSpec()
        .getHolderIdentity();
  }

  private void createPolicy(String name) {
    BackupPolicy policy = TestingResources.backupPolicy(name);
    policy.getMetadata().setNamespace(NAMESPACE);
    client.resource(policy).create();
  }

  private BackupPolicy policy(String name) {
    return client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private void awaitNextIncremental(String name, String expected) {
    Await.until(
        name + "'s next incremental at " + expected,
        () -> policy(name),
        p -> p.getStatus() != null && expected.equals(p.getStatus().getNextIncremental()));
  }
}
