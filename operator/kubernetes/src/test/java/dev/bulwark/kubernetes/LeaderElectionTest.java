package dev.bulwark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.engine.testing.TestingClock;
import dev.bulwark.kubernetes.KubernetesRuntimeSettings.LeaderElection;
import dev.bulwark.kubernetes.testing.ApiAudit;
import dev.bulwark.kubernetes.testing.KustomizeBase;
import dev.bulwark.kubernetes.testing.TestingApiServer;
import dev.bulwark.kubernetes.testing.TestingCustomResources;
import dev.bulwark.kubernetes.testing.UserInfo;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leader election under the shipped RBAC, on the strict stand-in API server: JOSDK's
 * SelfSubjectRulesReview gets the rules the manifests grant, the Lease is read, created, renewed
 * and released with them, and no request is refused. The runtimes run with {@code
 * exitOnLostLeadership} off, as only tests should.
 *
 * <p>Replicas tell themselves apart by their identity, {@code $HOSTNAME} or else a random UUID:
 * surefire runs this module without HOSTNAME, so that two runtimes in one JVM are two replicas (on
 * a cluster, HOSTNAME is the pod's name).
 */
class LeaderElectionTest {
  private static final String NAMESPACE = "team-a";
  private static final String LEASE = KubernetesRuntimeSettings.DEFAULT_LEASE_NAME;
  // JOSDK's default lease duration: how long a standby waits for a leader that vanished.
  private static final Duration LEASE_EXPIRY = Duration.ofSeconds(15);

  private final KustomizeBase base = KustomizeBase.shipped();
  private final TestingApiServer api = TestingApiServer.start();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private UserInfo operator;

  @BeforeEach
  void installTheBase() {
    api.apply(base);
    operator = base.serviceAccount();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    assertThat(
            api.audit().by(operator).stream()
                .filter(e -> !e.allowed())
                .map(ApiAudit.Entry::toString)
                .toList())
        .as("requests of the operator the shipped RBAC refused")
        .isEmpty();
    api.close();
  }

  @Test
  void theLeaderTakesTheLeaseAndReconciles() {
    replica("2026-03-02T10:01:30Z").start();
    createPolicy("nightly");

    assertThat(awaitHolder(null)).isNotBlank();
    Await.until(
        "a Ready status on nightly",
        () -> policy("nightly"),
        p -> p.getStatus() != null && p.getStatus().conditions().isTrue(ConditionType.READY));
  }

  @Test
  void aCleanStopReleasesTheLease() {
    KubernetesRuntime leader = replica("2026-03-02T10:01:30Z");
    leader.start();
    awaitHolder(null);

    leader.close();

    Lease released = lease();
    assertThat(released.getSpec().getHolderIdentity())
        .as("no holder after a clean stop")
        .isNullOrEmpty();
    assertThat(api.audit().by(operator))
        .anySatisfy(
            e ->
                assertThat(e.request().permission())
                    .isEqualTo("update coordination.k8s.io leases"));
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

    // The leader stops cleanly (its pod is deleted): it releases the Lease, and the standby takes
    // it at its next retry instead of waiting for the Lease to expire.
    Instant stopped = Instant.now();
    first.close();
    String secondIdentity = awaitHolder(firstIdentity);
    System.out.println(
        "takeover after a clean stop: "
            + Duration.between(stopped, Instant.now()).toMillis()
            + " ms");
    assertThat(secondIdentity).isNotEqualTo(firstIdentity);
    awaitNextIncremental("nightly", "2026-03-02T11:05:00Z");
    awaitNextIncremental("late", "2026-03-02T11:05:00Z");
  }

  private KubernetesRuntime replica(String now) {
    KubernetesRuntime replica =
        new KubernetesRuntime(
            api.clientAs(operator),
            Controllers.standard(Environment.of(Map.of())),
            TestingClock.at(now),
            KubernetesRuntimeSettings.defaults()
                .withLeaderElection(
                    new LeaderElection(LEASE, Optional.of(base.namespace()), false)));
    opened.add(replica);
    return replica;
  }

  private Lease lease() {
    return api.admin().leases().inNamespace(base.namespace()).withName(LEASE).get();
  }

  /** Waits for the Lease to be held by someone other than {@code previous}; returns the holder. */
  private String awaitHolder(String previous) {
    return Await.until(
            "the " + LEASE + " Lease held by a replica other than " + previous,
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
    BackupPolicyResource policy = TestingCustomResources.backupPolicy(name);
    policy.getMetadata().setNamespace(NAMESPACE);
    api.admin().resource(policy).create();
  }

  private BackupPolicyResource policy(String name) {
    return api.admin()
        .resources(BackupPolicyResource.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  private void awaitNextIncremental(String name, String expected) {
    Await.until(
        name + "'s next incremental at " + expected,
        () -> policy(name),
        p -> p.getStatus() != null && expected.equals(p.getStatus().getNextIncremental()));
  }
}
