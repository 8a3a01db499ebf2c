package dev.bulwark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.api.crd.MigrationPlanResource;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.core.reconcile.ReconcileContext;
import dev.bulwark.core.reconcile.ReconcileResult;
import dev.bulwark.kubernetes.testing.TestingCustomResources;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ReconcileFailureTest {
  private static final String NAMESPACE = "team-a";

  KubernetesMockServer server;
  KubernetesClient client;
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
  void anExceptionFromTheCoreBecomesReadyFalseAndAWarningEvent() {
    Controller<?, ?> migrations =
        Controllers.standard(Environment.of(Map.of())).stream()
            .filter(c -> c.resourceType() == MigrationPlan.class)
            .findFirst()
            .orElseThrow();
    runtime =
        new KubernetesRuntime(
            client,
            List.of(new FailingController(), migrations),
            Clock.systemUTC(),
            KubernetesRuntimeSettings.defaults());
    runtime.start();

    client.resource(inNamespace(TestingCustomResources.backupPolicy("nightly"))).create();
    client
        .resource(inNamespace(TestingCustomResources.migrationPlan("profiles-v2", "nightly")))
        .create();

    BackupPolicyResource failed =
        Await.until(
            "an error status on nightly",
            () ->
                client
                    .resources(BackupPolicyResource.class)
                    .inNamespace(NAMESPACE)
                    .withName("nightly")
                    .get(),
            p -> p.getStatus() != null && p.getStatus().conditions().isFalse(ConditionType.READY));
    Condition ready = failed.getStatus().conditions().get(ConditionType.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("ReconcileFailed");
    assertThat(ready.getMessage())
        .contains("IllegalStateException: the cron engine is on fire")
        .contains("see the operator log");
    assertThat(ready.getObservedGeneration()).isEqualTo(1L);

    List<Event> events =
        Await.until(
            "a Warning event for nightly", () -> eventsOf("nightly"), list -> !list.isEmpty());
    assertThat(events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getType()).isEqualTo("Warning");
              assertThat(event.getReason()).isEqualTo("ReconcileFailed");
              assertThat(event.getInvolvedObject().getKind()).isEqualTo("BackupPolicy");
              assertThat(event.getInvolvedObject().getName()).isEqualTo("nightly");
              assertThat(event.getInvolvedObject().getUid())
                  .isEqualTo(failed.getMetadata().getUid());
            });
    // The failing kind does not stop the others.
    MigrationPlanResource plan =
        Await.until(
            "a status on profiles-v2",
            () ->
                client
                    .resources(MigrationPlanResource.class)
                    .inNamespace(NAMESPACE)
                    .withName("profiles-v2")
                    .get(),
            p -> p.getStatus() != null);
    assertThat(plan.getStatus().conditions().isTrue(ConditionType.READY)).isTrue();
  }

  private List<Event> eventsOf(String name) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static <R extends HasMetadata> R inNamespace(R resource) {
    resource.getMetadata().setNamespace(NAMESPACE);
    return resource;
  }

  /** A controller broken in a way the core promises never to be: it throws. */
  private static final class FailingController
      implements Controller<BackupPolicy, BackupPolicyStatus> {
    @Override
    public String kind() {
      return "BackupPolicy";
    }

    @Override
    public Class<BackupPolicy> resourceType() {
      return BackupPolicy.class;
    }

    @Override
    public ReconcileResult<BackupPolicyStatus> reconcile(
        BackupPolicy resource, ReconcileContext context) {
      throw new IllegalStateException("the cron engine is on fire");
    }
  }
}
