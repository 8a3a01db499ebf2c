package dev.bulwark.kubernetes.testing;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Events the control plane would record (scheduler, kubelet, Job controller): each distinct
 * (object, reason, message) once, as the API server's event aggregation would show it.
 */
final class KubeletEvents {
  private final KubernetesClient cluster;
  private final Set<String> emitted = new HashSet<>();

  KubeletEvents(KubernetesClient cluster) {
    this.cluster = cluster;
  }

  void normal(HasMetadata about, String component, String reason, String message) {
    emit(about, "Normal", component, reason, message);
  }

  void warning(HasMetadata about, String component, String reason, String message) {
    emit(about, "Warning", component, reason, message);
  }

  private void emit(
      HasMetadata about, String type, String component, String reason, String message) {
    if (!emitted.add(about.getMetadata().getUid() + "\u0000" + reason + "\u0000" + message)) {
      return;
    }
    String now = Instant.now().toString();
    try {
      cluster
          .v1()
          .events()
          .inNamespace(about.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      about.getMetadata().getName()
                          + "."
                          + UUID.randomUUID().toString().substring(0, 8))
                  .withNamespace(about.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(about.getApiVersion())
                  .withKind(about.getKind())
                  .withName(about.getMetadata().getName())
                  .withNamespace(about.getMetadata().getNamespace())
                  .withUid(about.getMetadata().getUid())
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withNewSource(component, TestingKubelet.NODE)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // The object may be gone already; events are best effort, as on a cluster.
    }
  }
}
