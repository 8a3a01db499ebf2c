package dev.bulwark.scenarios;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.api.crd.CustomResources;
import dev.bulwark.api.crd.MigrationPlanResource;
import dev.bulwark.api.crd.RestoreDrillResource;
import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.kubernetes.KubernetesRuntime;
import dev.bulwark.kubernetes.KubernetesRuntimeSettings;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The Kubernetes runtime against fabric8's CRUD mock server with the generated CRDs. */
final class KubernetesRuntimeUnderTest implements RuntimeUnderTest {
  static final String NAMESPACE = "scenarios";

  /** As the API server stores a status: absent fields are left out, not null. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setDefaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));

  private static final Map<String, Class<? extends CustomResource<?, ?>>> TYPES =
      Map.of(
          "BackupPolicy", BackupPolicyResource.class,
          "RestoreDrill", RestoreDrillResource.class,
          "MigrationPlan", MigrationPlanResource.class);
  private final KubernetesClient client;
  private final KubernetesRuntime runtime;

  /** Installs the CRDs through {@code client} (of a CRUD mock server) and starts the runtime. */
  KubernetesRuntimeUnderTest(KubernetesClient client, Path crdDirectory, Clock clock)
      throws Exception {
    this.client = client;
    try (Stream<Path> crds = Files.list(crdDirectory)) {
      for (Path crd : crds.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(crd)) {
          client.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
      }
    }
    runtime =
        new KubernetesRuntime(
            client,
            Controllers.standard(Environment.of(Map.of())),
            clock,
            KubernetesRuntimeSettings.defaults());
    runtime.start();
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void apply(Resource<?, ?> plain) throws Exception {
    CustomResource<?, ?> resource = CustomResources.toCustomResource(plain);
    resource.getMetadata().setNamespace(NAMESPACE);
    CustomResource existing = get(resource.getKind(), resource.getMetadata().getName());
    if (existing == null) {
      client.resource(resource).create();
    } else {
      existing.setSpec(resource.getSpec());
      client.resource(existing).update();
    }
  }

  @Override
  public void delete(String kind, String name) {
    client.resources(TYPES.get(kind)).inNamespace(NAMESPACE).withName(name).delete();
  }

  @Override
  public JsonNode awaitStatus(String kind, String name, long generation) throws Exception {
    return Poll.until(
        kind + "/" + name + " status at generation " + generation + " on Kubernetes",
        () -> {
          CustomResource<?, ?> resource = get(kind, name);
          if (resource == null || resource.getStatus() == null) {
            return Optional.empty();
          }
          JsonNode status = JSON.valueToTree(resource.getStatus());
          return status.path("observedGeneration").asLong() == generation
              ? Optional.of(status)
              : Optional.empty();
        });
  }

  @Override
  public void awaitNotServed(String kind, String name) throws Exception {
    Poll.until(
        kind + "/" + name + " gone on Kubernetes",
        () -> Optional.ofNullable(get(kind, name) == null ? "gone" : null));
  }

  private CustomResource<?, ?> get(String kind, String name) {
    return client.resources(TYPES.get(kind)).inNamespace(NAMESPACE).withName(name).get();
  }

  @Override
  public void close() {
    runtime.close();
  }
}
