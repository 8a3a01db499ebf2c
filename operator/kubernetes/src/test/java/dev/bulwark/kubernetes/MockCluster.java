package dev.bulwark.kubernetes;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
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

  private static CustomResourceDefinition create(KubernetesClient client, Path yaml) {
    try (InputStream in = Files.newInputStream(yaml)) {
      return client.apiextensions().v1().customResourceDefinitions().load(in).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
