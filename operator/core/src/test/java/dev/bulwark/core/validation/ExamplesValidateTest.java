package dev.bulwark.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.common.Resource;
import dev.bulwark.core.Environment;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.testing.TestingYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The policies ops copy from (examples/, policies/) are free of errors, read as the compose shim
 * reads them: relative source paths resolved against the file's folder.
 */
class ExamplesValidateTest {
  private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

  @Test
  void examplesAndTheDemoPolicyHaveNoErrors() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String folder : List.of("examples", "policies")) {
      try (Stream<Path> walk = Files.walk(REPOSITORY.resolve(folder))) {
        walk.filter(p -> p.toString().endsWith(".yaml"))
            .filter(p -> !p.toString().contains("sample-data"))
            .filter(
                ExamplesValidateTest
                    ::declaresBulwarkResources) // not the Kubernetes or Prometheus files
            .forEach(files::add);
      }
    }
    List<Resource<?, ?>> resources = new ArrayList<>();
    List<BackupPolicy> policies = new ArrayList<>();
    for (Path file : files) {
      for (Resource<?, ?> resource : TestingYaml.file(file)) {
        if (resource instanceof BackupPolicy policy) {
          resolveSourcesAgainst(file.getParent(), policy);
          policies.add(policy);
        }
        resources.add(resource);
      }
    }
    ResourceValidator validator = new ResourceValidator(Environment.of(Map.of()));

    assertThat(resources).hasSizeGreaterThanOrEqualTo(files.size());
    for (Resource<?, ?> resource : resources) {
      List<SpecProblem> problems =
          validator.validate(
              resource, TestingResources.lookupOf(policies.toArray(BackupPolicy[]::new)));
      assertThat(problems).as("%s/%s", resource.getKind(), resource.getRef().name()).isEmpty();
    }
  }

  private static boolean declaresBulwarkResources(Path file) {
    try {
      return Files.readString(file).contains("apiVersion: bulwark.dev/");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void resolveSourcesAgainst(Path folder, BackupPolicy policy) {
    for (Source source : policy.getSpec().getSources()) {
      if (source.getPath() != null && !Path.of(source.getPath()).isAbsolute()) {
        source.setPath(folder.resolve(source.getPath()).normalize().toString());
      }
    }
  }
}
