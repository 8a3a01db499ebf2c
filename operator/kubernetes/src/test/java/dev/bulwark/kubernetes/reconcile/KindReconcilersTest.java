package dev.bulwark.kubernetes.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.ReconcileContext;
import dev.bulwark.core.reconcile.ReconcileResult;
import dev.bulwark.core.reconcile.RuntimeServices;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KindReconcilersTest {
  // Never contacted: registration only hands the recorder to the reconciler.
  private final KubernetesClient client = new KubernetesClientBuilder().build();
  private final EventRecorder events = new EventRecorder(client, Clock.systemUTC());

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void picksTheSubclassNamingTheControllersKind() {
    assertThat(
            KindReconcilers.forController(
                new Fixed<>("BackupPolicy", BackupPolicy.class),
                Clock.systemUTC(),
                events,
                RuntimeServices.none()))
        .isInstanceOf(BackupPolicyReconciler.class);
  }

  @Test
  void anUnknownKindFailsRegistrationSayingWhatToAdd() {
    assertThatThrownBy(
            () ->
                KindReconcilers.forController(
                    new Fixed<>("Vault", Vault.class),
                    Clock.systemUTC(),
                    events,
                    RuntimeServices.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no reconciler for kind Vault")
        .hasMessageContaining("add a CoreReconciler subclass");
  }

  /** A kind the runtime does not know. */
  static class Vault extends Resource<Void, ResourceStatus> {
    Vault() {
      super("Vault");
    }
  }

  /** A controller that is never called: registration only reads its kind. */
  private record Fixed<R extends Resource<?, S>, S>(String kind, Class<R> resourceType)
      implements Controller<R, S> {
    @Override
    public ReconcileResult<S> reconcile(R resource, ReconcileContext context) {
      return new ReconcileResult<>(resource.getStatus(), List.of(), Optional.empty());
    }
  }
}
