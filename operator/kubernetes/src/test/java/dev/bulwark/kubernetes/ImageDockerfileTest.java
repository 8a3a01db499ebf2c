package dev.bulwark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.kubernetes.testing.DockerfileImage;
import dev.bulwark.kubernetes.testing.DockerfileImage.Stage;
import dev.bulwark.kubernetes.testing.KustomizeBase;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The image builds from a checkout (no Docker engine here, so this reads the Dockerfile): its first
 * stage copies files that exist and builds the jar where the second stage takes it, and the image
 * runs what the Kubernetes Deployment asks of it.
 */
class ImageDockerfileTest {
  private static final Path ROOT = Path.of("../..");
  private static final Path DOCKERFILE = ROOT.resolve("compose-shim/Dockerfile");

  private final List<Stage> stages = DockerfileImage.stages(DOCKERFILE);

  @Test
  void theFirstStageBuildsTheJarFromTheCheckout() throws IOException {
    assertThat(stages).hasSize(2);
    Stage build = stages.get(0);
    assertThat(build.from()).startsWith("maven:").contains("temurin-17");
    assertThat(build.name()).isEqualTo("build");
    for (String copy : build.all("COPY")) {
      List<String> words = List.of(copy.split("\\s+"));
      for (String source : words.subList(0, words.size() - 1)) {
        assertThat(ROOT.resolve(source)).as("COPY %s of the build stage", source).exists();
        assertThat(ignored(source))
            .as("%s is kept out of the build context by .dockerignore", source)
            .isFalse();
      }
    }
    // Every module the root pom lists is in what the build stage copies.
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    for (String module : pom.split("<module>")) {
      if (module.contains("</module>")) {
        String path = module.substring(0, module.indexOf("</module>"));
        assertThat(build.all("COPY"))
            .as("the build stage copies module " + path)
            .anySatisfy(c -> assertThat(path).startsWith(c.split("\\s+")[0]));
      }
    }
    assertThat(build.last("RUN")).contains("mvn ").contains("-pl operator/cli -am package");
    assertThat(Files.readString(ROOT.resolve("operator/cli/pom.xml")))
        .contains("<finalName>bulwark</finalName>");
  }

  @Test
  void theRuntimeStageTakesTheBuiltJarAndRunsTheEntrypoint() throws IOException {
    Stage runtime = stages.get(1);
    String workdir = stages.get(0).last("WORKDIR");

    assertThat(runtime.from()).isEqualTo("eclipse-temurin:17-jre");
    assertThat(runtime.all("COPY"))
        .contains(
            "--from=build --chmod=0644 "
                + workdir
                + "/operator/cli/target/bulwark.jar /opt/bulwark/bulwark.jar",
            "--chmod=0755 compose-shim/entrypoint.sh /opt/bulwark/entrypoint.sh",
            "--chmod=0644 compose-shim/jvm-options.sh /opt/bulwark/jvm-options.sh");
    // The AppCDS archive is made in the image, beside the jar, where the entrypoint looks for it.
    assertThat(runtime.all("RUN"))
        .anyMatch(
            run ->
                run.contains(
                    "bulwark_make_cds_archive /opt/bulwark/bulwark.jar /opt/bulwark/bulwark.jsa"));
    assertThat(runtime.last("ENTRYPOINT")).isEqualTo("[\"/opt/bulwark/entrypoint.sh\"]");
    assertThat(runtime.last("USER")).isEqualTo("10001:10001");
    assertThat(Files.readString(ROOT.resolve("compose-shim/entrypoint.sh")))
        .contains("JAR=\"${BULWARK_JAR:-/opt/bulwark/bulwark.jar}\"");
  }

  @Test
  void theDeploymentRunsTheImagesEntrypointAsItsUser() {
    JsonNode spec =
        KustomizeBase.shipped()
            .document("Deployment", "bulwark-operator")
            .at("/spec/template/spec");
    JsonNode container = spec.at("/containers/0");

    assertThat(container.path("command").isMissingNode())
        .as("the image's ENTRYPOINT runs")
        .isTrue();
    assertThat(container.at("/args/0").asText())
        .as("a subcommand the entrypoint passes on")
        .isEqualTo("operator");
    assertThat(
            spec.at("/securityContext/runAsUser").asText()
                + ":"
                + spec.at("/securityContext/runAsGroup").asText())
        .isEqualTo(stages.get(1).last("USER"));
  }

  private static boolean ignored(String source) throws IOException {
    for (String line : Files.readAllLines(ROOT.resolve(".dockerignore"))) {
      String pattern = line.strip();
      if (pattern.isEmpty() || pattern.startsWith("#")) {
        continue;
      }
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      if (matcher.matches(Path.of(source)) || Path.of(source).startsWith(pattern)) {
        return true;
      }
    }
    return false;
  }
}
