package dev.bulwark.kubernetes.gate;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.api.crd.CustomResources;
import dev.bulwark.api.crd.RestoreDrillResource;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.core.gate.GateInputs;
import dev.bulwark.core.gate.StatusFacts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;

/**
 * The gate's inputs read from a cluster ({@code bulwark gate check --kubernetes}): the
 * BackupPolicies and RestoreDrills of one namespace, with their statuses. Kept apart so the default
 * file mode never loads the Kubernetes client.
 */
public final class KubernetesGateInputs {
  /** The cluster could not be asked. */
  public static final class UnreachableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private KubernetesGateInputs() {}

  /** The inputs of {@code namespace}, or of the client's current namespace. */
  public static GateInputs read(Optional<String> namespace) throws UnreachableException {
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      return read(
          client,
          namespace.orElseGet(() -> Optional.ofNullable(client.getNamespace()).orElse("default")));
    }
  }

  /** The inputs of {@code namespace} through {@code client}; deleting resources are left out. */
  static GateInputs read(KubernetesClient client, String namespace) throws UnreachableException {
    try {
      List<BackupPolicy> policies =
          client
              .resources(BackupPolicyResource.class)
              .inNamespace(namespace)
              .list()
              .getItems()
              .stream()
              .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
              .map(CustomResources::toPlain)
              .toList();
      List<RestoreDrill> drills =
          client
              .resources(RestoreDrillResource.class)
              .inNamespace(namespace)
              .list()
              .getItems()
              .stream()
              .filter(d -> d.getMetadata().getDeletionTimestamp() == null)
              .map(CustomResources::toPlain)
              .toList();
      return StatusFacts.inputs(policies, drills);
    } catch (KubernetesClientException e) {
      throw new UnreachableException(
          "cannot list BackupPolicies and RestoreDrills in namespace "
              + namespace
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
