package dev.bulwark.kubernetes;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Prepares fabric8's CRUD mock server to stand in for a cluster running Bulwark. */
public final class MockCluster {
  /** The committed, generated CRDs (tests run with the module folder as working directory). */
  public static final Path CRD_DIRECTORY = Path.of("../../crd-schemas");

  private MockCluster() {}

  /**
   * Creates every committed CRD through the client, so the mock serves the kinds and their status
   * subresource.
   */
  public static List<CustomResourceDefinition> installCrds(KubernetesClient client) {
    try (Stream<Path> files = Files.list(CRD_DIRECTORY)) {
      List<Path> yamls = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
      if (yamls.isEmpty()) {
        throw new IllegalStateException(
            "No CRDs in " + CRD_DIRECTORY.toAbsolutePath() + ": generate them with the api module");
      }
      return yamls.stream().map(yaml -> create(client, yaml)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Answers the SelfSubjectRulesReview JOSDK posts before leader election with a rule granting
   * every verb on Leases. The CRUD mock would echo the review back without a status, and JOSDK
   * would fail to start.
   */
  public static void allowLeases(KubernetesMockServer server) {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withIncomplete(false)
                .withResourceRules(
                    new ResourceRuleBuilder()
                        .withApiGroups("coordination.k8s.io")
                        .withResources("leases")
                        .withVerbs("*")
                        .build())
                .endStatus()
                .build())
        .always();
  }

  private static CustomResourceDefinition create(KubernetesClient client, Path yaml) {
    try (InputStream in = Files.newInputStream(yaml)) {
      return client.apiextensions().v1().customResourceDefinitions().load(in).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
