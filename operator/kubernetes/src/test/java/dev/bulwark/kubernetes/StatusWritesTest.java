package dev.bulwark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.alerts.AlertSink;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobRecords;
import dev.bulwark.core.jobs.JobRuns;
import dev.bulwark.core.jobs.JobStore;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.core.reconcile.ReconcileContext;
import dev.bulwark.core.reconcile.ReconcileResult;
import dev.bulwark.core.reconcile.RuntimeServices;
import dev.bulwark.core.secrets.LocalSecrets;
import dev.bulwark.engine.testing.TestingClock;
import dev.bulwark.kubernetes.testing.ApiAudit;
import dev.bulwark.kubernetes.testing.KustomizeBase;
import dev.bulwark.kubernetes.testing.TestingApiServer;
import dev.bulwark.kubernetes.testing.TestingCustomResources;
import dev.bulwark.kubernetes.testing.UserInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes manners: a served policy whose facts do not change is reconciled again and again
 * without one write to the API server (no status patch, no Event), and one real change (a new
 * successful job) costs exactly one status patch. Writes are counted as the strict API server saw
 * them, sent under the operator's ServiceAccount (the shipped RBAC).
 */
class StatusWritesTest {
  private static final String NAMESPACE = "team-a";

  /** 300 times real time: the controllers' 30 s look at the history comes every 100 ms. */
  private static final long COMPRESSION = 300;

  private static final Duration POLL = Duration.ofMillis(100); // 30 s / COMPRESSION

  private final KustomizeBase base = KustomizeBase.shipped();
  private final TestingApiServer api = TestingApiServer.start();
  private final TestingClock clock = TestingClock.at("2026-03-02T10:00:30Z");
  private final AtomicInteger policyReconciles = new AtomicInteger();
  private volatile RuntimeException failWith;
  private KubernetesRuntime runtime;

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
    api.close();
  }

  @Test
  void aSettledPolicyIsNotWrittenAgainAndANewJobIsWrittenOnce(@TempDir Path tmp) throws Exception {
    api.apply(base);
    UserInfo operator = base.serviceAccount();
    StatePaths state = new StatePaths(tmp.resolve("state"));
    JobStore jobs = new JobStore(state);
    // A full and an incremental that finished before the operator started: nothing is due until
    // the next incremental at 10:05, so the status settles at once.
    jobs.write(
        NamespacedJobs.in(
            NAMESPACE,
            JobRecords.succeeded("nightly", "full", clock.instant().minusSeconds(3600))));
    jobs.write(
        NamespacedJobs.in(
            NAMESPACE,
            JobRecords.succeeded("nightly", "incremental", clock.instant().minusSeconds(30))));
    runtime =
        new KubernetesRuntime(
            api.clientAs(operator),
            countingPolicyReconciles(Controllers.standard(Environment.of(Map.of()))),
            clock,
            KubernetesRuntimeSettings.defaults().withTimeCompression(COMPRESSION),
            jobServices(state));
    runtime.start();
    BackupPolicyResource policy = TestingCustomResources.backupPolicy("nightly");
    policy
        .getSpec()
        .getSources()
        .get(0)
        .setPath(Files.createDirectories(tmp.resolve("data")).toString());
    policy.getMetadata().setNamespace(NAMESPACE);
    api.admin().resource(policy).create();
    Await.until(
        "the status of nightly, with its last success",
        () -> statusOf("nightly"),
        s -> s.getLastSuccessfulBackup() != null && s.getObservedGeneration() != null);
    settle();

    // Quiet: the clock moves on by up to four minutes (before the next incremental at 10:05),
    // and the policy is reconciled many times.
    int before = writes(operator).size();
    int reconcilesBefore = policyReconciles.get();
    for (int i = 0; i < 8; i++) {
      clock.advance(Duration.ofSeconds(30));
      Thread.sleep(5 * POLL.toMillis());
    }
    assertThat(policyReconciles.get() - reconcilesBefore)
        .as("reconciles of nightly while nothing happened")
        .isGreaterThanOrEqualTo(8);
    assertThat(writes(operator).subList(before, writes(operator).size()))
        .as("writes of the operator while nothing changed (after the status settled)")
        .isEmpty();

    // One real change: a job run beside the operator (bulwark backup) succeeded.
    int beforeJob = writes(operator).size();
    jobs.write(
        NamespacedJobs.in(
            NAMESPACE,
            JobRecords.succeeded("nightly", "incremental", clock.instant().minusSeconds(25))));
    String newest = jobs.recent(Optional.of(NAMESPACE), "nightly", 1).get(0).jobId();
    Await.until(
        "the new job in the status",
        () -> statusOf("nightly"),
        s -> newest.equals(s.getLastSuccessfulBackup().getJobId()));
    Thread.sleep(10 * POLL.toMillis());
    List<String> afterJob = writes(operator).subList(beforeJob, writes(operator).size());
    assertThat(afterJob)
        .as("writes of the operator for one new successful job")
        .containsExactly("patch bulwark.dev backuppolicies/status " + NAMESPACE + "/nightly");
  }

  private RuntimeServices jobServices(StatePaths state) {
    Environment environment = Environment.of(Map.of());
    PolicyRepositories repositories =
        new PolicyRepositories(
            environment,
            Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state.root())),
            clock,
            new LocalSecrets(environment));
    return RuntimeServices.of(
        JobRuns.inProcess(
            BackupJobRunner.builder(repositories, environment, state).clock(clock).build(), 1),
        AlertSink.none(),
        new AuditLog(state.auditLog()));
  }

  @Test
  void aReconcileThatKeepsFailingTheSameWayIsWrittenOnce(@TempDir Path tmp) throws Exception {
    api.apply(base);
    UserInfo operator = base.serviceAccount();
    failWith = new IllegalStateException("the history cannot be read");
    runtime =
        new KubernetesRuntime(
            api.clientAs(operator),
            countingPolicyReconciles(Controllers.standard(Environment.of(Map.of()))),
            clock,
            KubernetesRuntimeSettings.defaults().withTimeCompression(COMPRESSION),
            jobServices(new StatePaths(tmp.resolve("state"))));
    runtime.start();
    BackupPolicyResource policy = TestingCustomResources.backupPolicy("nightly");
    policy.getMetadata().setNamespace(NAMESPACE);
    api.admin().resource(policy).create();

    // java-operator-sdk retries a failed reconcile with backoff (2 s, then 3 s): three attempts.
    Await.until(
        "three failed reconciles of nightly",
        Duration.ofSeconds(30),
        policyReconciles::get,
        attempts -> attempts >= 3);
    Thread.sleep(10 * POLL.toMillis());

    assertThat(statusOf("nightly").conditions().isFalse(ConditionType.READY)).isTrue();
    assertThat(writes(operator))
        .as("writes of the operator for a reconcile that failed the same way three times")
        .containsExactlyInAnyOrder(
            "patch bulwark.dev backuppolicies/status " + NAMESPACE + "/nightly",
            "create core events " + NAMESPACE + "/");
  }

  /** Waits until a few polls pass without a write: the first statuses are written. */
  private void settle() throws InterruptedException {
    UserInfo operator = base.serviceAccount();
    int seen = -1;
    while (seen != writes(operator).size()) {
      seen = writes(operator).size();
      Thread.sleep(10 * POLL.toMillis());
    }
  }

  private BackupPolicyStatus statusOf(String name) {
    BackupPolicyResource resource =
        api.admin()
            .resources(BackupPolicyResource.class)
            .inNamespace(NAMESPACE)
            .withName(name)
            .get();
    return resource == null ? null : resource.getStatus();
  }

  /** The operator's writes (create, update, patch, delete), as "verb group resource ns/name". */
  private List<String> writes(UserInfo operator) {
    List<String> writes = new ArrayList<>();
    for (ApiAudit.Entry entry : api.audit().by(operator)) {
      String verb = entry.request().verb();
      if (List.of("create", "update", "patch", "delete", "deletecollection").contains(verb)) {
        writes.add(
            entry.request().permission()
                + " "
                + entry.request().namespace()
                + "/"
                + entry.request().name());
      }
    }
    return writes;
  }

  private List<Controller<?, ?>> countingPolicyReconciles(List<Controller<?, ?>> controllers) {
    List<Controller<?, ?>> wrapped = new ArrayList<>();
    for (Controller<?, ?> controller : controllers) {
      wrapped.add(
          controller.resourceType() == BackupPolicy.class
              ? counting(typed(controller))
              : controller);
    }
    return wrapped;
  }

  private Controller<BackupPolicy, BackupPolicyStatus> counting(
      Controller<BackupPolicy, BackupPolicyStatus> controller) {
    return new Controller<>() {
      @Override
      public String kind() {
        return controller.kind();
      }

      @Override
      public Class<BackupPolicy> resourceType() {
        return controller.resourceType();
      }

      @Override
      public ReconcileResult<BackupPolicyStatus> reconcile(
          BackupPolicy resource, ReconcileContext context) {
        policyReconciles.incrementAndGet();
        if (failWith != null) {
          throw failWith;
        }
        return controller.reconcile(resource, context);
      }
    };
  }

  @SuppressWarnings("unchecked") // checked by resourceType() above
  private static Controller<BackupPolicy, BackupPolicyStatus> typed(Controller<?, ?> controller) {
    return (Controller<BackupPolicy, BackupPolicyStatus>) controller;
  }
}
