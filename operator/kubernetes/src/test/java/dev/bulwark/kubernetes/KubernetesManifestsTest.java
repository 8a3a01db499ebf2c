package dev.bulwark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.kubernetes.testing.KustomizeBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kustomize base in examples/kubernetes stays in step with what it copies (the generated CRDs,
 * the Prometheus rule file) and keeps what docs/operations.md promises of the Deployment.
 */
class KubernetesManifestsTest {
  private final KustomizeBase base = KustomizeBase.shipped();

  @Test
  void theCrdsAreTheGeneratedOnes() throws IOException {
    List<Path> generated;
    try (Stream<Path> files = Files.list(MockCluster.CRD_DIRECTORY)) {
      generated = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(generated).hasSize(4);
    for (Path crd : generated) {
      Path copy = KustomizeBase.SHIPPED.resolve("crds").resolve(crd.getFileName());
      assertThat(copy)
          .as(
              "examples/kubernetes/crds/%s is a copy of crd-schemas/ (cp crd-schemas/*.yml"
                  + " examples/kubernetes/crds/)",
              crd.getFileName())
          .hasSameTextualContentAs(crd);
    }
  }

  @Test
  void thePrometheusRuleCarriesTheShippedRuleFile() throws IOException {
    JsonNode rules =
        new YAMLMapper()
            .readTree(KustomizeBase.SHIPPED.resolve("../prometheus/bulwark-rules.yaml").toFile());
    JsonNode prometheusRule = base.document("PrometheusRule", "bulwark-operator");

    assertThat(prometheusRule.at("/spec/groups")).isEqualTo(rules.path("groups"));
  }

  @Test
  void twoReplicasOneLeaderProbedAndBounded() {
    JsonNode deployment = base.document("Deployment", "bulwark-operator");
    JsonNode container = deployment.at("/spec/template/spec/containers/0");

    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    for (String resource : List.of("cpu", "memory")) {
      assertThat(container.at("/resources/requests/" + resource).isMissingNode())
          .as("request " + resource)
          .isFalse();
      assertThat(container.at("/resources/limits/" + resource).isMissingNode())
          .as("limit " + resource)
          .isFalse();
    }
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(deployment.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean())
        .isTrue();
  }

  @Test
  void theServiceMonitorScrapesTheServicesMetricsPort() {
    JsonNode service = base.document("Service", "bulwark-operator");
    JsonNode monitor = base.document("ServiceMonitor", "bulwark-operator");
    JsonNode deployment = base.document("Deployment", "bulwark-operator");

    assertThat(monitor.at("/spec/selector/matchLabels")).isEqualTo(service.at("/metadata/labels"));
    assertThat(service.at("/spec/selector"))
        .isEqualTo(deployment.at("/spec/template/metadata/labels"));
    assertThat(monitor.at("/spec/endpoints/0/port").asText())
        .isEqualTo(service.at("/spec/ports/0/name").asText());
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
  }
}
