package dev.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.kubernetes.testing.KustomizeBase;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Pods of the shipped Deployment, created as its ReplicaSet would create them. */
final class ShippedDeployment {
  private ShippedDeployment() {}

  /**
   * A pod named {@code name} from the Deployment's template. The one change: pods of the stand-in
   * kubelet share the host's network, so the HTTP port is chosen free.
   */
  static Pod replica(KubernetesClient cluster, KustomizeBase base, String name) {
    JsonNode template = base.document("Deployment", "bulwark-operator").at("/spec/template");
    PodTemplateSpec spec = Serialization.unmarshal(template.toString(), PodTemplateSpec.class);
    for (EnvVar env : spec.getSpec().getContainers().get(0).getEnv()) {
      if (env.getName().equals("BULWARK_HTTP_PORT")) {
        env.setValue("0");
      }
    }
    return cluster
        .pods()
        .inNamespace(base.namespace())
        .resource(
            new PodBuilder()
                .withNewMetadataLike(spec.getMetadata())
                .withName(name)
                .withNamespace(base.namespace())
                .endMetadata()
                .withSpec(spec.getSpec())
                .build())
        .create();
  }
}
