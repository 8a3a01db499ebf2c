package dev.bulwark.compose.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose files parse and declare what docs/operations.md promises: the backup overlay adds
 * only the {@code bulwark} service, under the {@code backup} profile, with read-only policies and
 * data, state on a named volume, the .env file and the image's healthcheck; the standalone file
 * takes the same env file, healthcheck and port; and docker-compose v1 accepts both (Compose v2
 * accepts a superset).
 */
class ComposeFilesTest {
  private static final Path COMPOSE_SHIM = EnvExampleTest.ROOT.resolve("compose-shim");
  private static final List<String> HEALTHCHECK =
      List.of("CMD", "/opt/bulwark/entrypoint.sh", "healthcheck");

  @Test
  void theBackupOverlayAddsOnlyTheBulwarkServiceUnderTheBackupProfile() throws IOException {
    Map<String, Object> compose = load("docker-compose.backup.yml");

    // Only its own names, so it merges beside any app without overriding the app's services.
    assertThat(map(compose, "services")).containsOnlyKeys("bulwark");
    assertThat(map(compose, "volumes")).containsOnlyKeys("bulwark-state");
    Map<String, Object> bulwark = map(map(compose, "services"), "bulwark");
    assertThat(bulwark.get("profiles")).isEqualTo(List.of("backup"));
    assertThat(bulwark.get("image")).isEqualTo("${BULWARK_IMAGE:-bulwark:latest}");
    assertThat(bulwark.get("env_file")).isEqualTo(List.of(".env"));
    assertThat(bulwark.get("restart")).isEqualTo("unless-stopped");
  }

  @Test
  void policiesAndDataAreReadOnlyAndStateIsANamedVolume() throws IOException {
    Map<String, Object> bulwark =
        map(map(load("docker-compose.backup.yml"), "services"), "bulwark");
    List<Map<String, Object>> volumes = list(bulwark, "volumes");

    assertThat(volumes)
        .extracting(v -> v.get("target"))
        .containsExactly("/policies", "/data", "/state");
    assertThat(mount(volumes, "/policies"))
        .containsEntry("type", "bind")
        .containsEntry("source", "${BULWARK_POLICIES_DIR:-./policies}")
        .containsEntry("read_only", true);
    assertThat(mount(volumes, "/data"))
        .containsEntry("type", "bind")
        .containsEntry("source", "${BULWARK_DATA_DIR:-./data}")
        .containsEntry("read_only", true);
    assertThat(mount(volumes, "/state"))
        .containsEntry("type", "volume")
        .containsEntry("source", "bulwark-state")
        .doesNotContainKey("read_only");
    // The container's paths are fixed, whatever .env says for runs outside a container.
    assertThat(map(bulwark, "environment"))
        .containsEntry("BULWARK_POLICIES", "/policies")
        .containsEntry("BULWARK_STATE", "/state")
        .containsEntry("BULWARK_HTTP_PORT", "8080");
    assertThat(bulwark.get("ports"))
        .isEqualTo(List.of("127.0.0.1:${BULWARK_METRICS_PORT:-9464}:8080"));
  }

  @Test
  void theServiceChecksHealthLikeTheImage() throws IOException {
    Map<String, Object> bulwark =
        map(map(load("docker-compose.backup.yml"), "services"), "bulwark");
    Map<String, Object> healthcheck = map(bulwark, "healthcheck");

    assertThat(healthcheck.get("test")).isEqualTo(HEALTHCHECK);
    assertThat(healthcheck).containsKeys("interval", "timeout", "start_period", "retries");
    assertThat(Dockerfile.read(COMPOSE_SHIM.resolve("Dockerfile")).healthcheckCommand())
        .isEqualTo(HEALTHCHECK);
  }

  @Test
  void theStandaloneComposeFileServesTheDemoReadOnly() throws IOException {
    Map<String, Object> compose = load("docker-compose.yml");
    Map<String, Object> bulwark = map(map(compose, "services"), "bulwark");

    assertThat(bulwark.get("volumes"))
        .isEqualTo(
            List.of(
                "../policies:/policies:ro", "../examples:/examples:ro", "bulwark-state:/state"));
    assertThat(map(compose, "volumes")).containsKey("bulwark-state");
    assertThat(map(bulwark, "build")).containsEntry("dockerfile", "compose-shim/Dockerfile");
  }

  @Test
  void bothComposeFilesTakeTheEnvFileHealthcheckAndPortTheSameWay() throws IOException {
    Map<String, Object> overlay =
        map(map(load("docker-compose.backup.yml"), "services"), "bulwark");
    Map<String, Object> standalone = map(map(load("docker-compose.yml"), "services"), "bulwark");

    // The plain list of paths: docker-compose v1 rejects the {path, required} form ("invalid
    // type").
    assertThat(standalone.get("env_file"))
        .isEqualTo(List.of(".env"))
        .isEqualTo(overlay.get("env_file"));
    assertThat(standalone.get("healthcheck")).isEqualTo(overlay.get("healthcheck"));
    assertThat(standalone.get("ports")).isEqualTo(overlay.get("ports"));
    assertThat(standalone.get("environment")).isEqualTo(overlay.get("environment"));
    assertThat(standalone.get("stop_grace_period")).isEqualTo(overlay.get("stop_grace_period"));
  }

  @Test
  void dockerComposeV1AcceptsBothFiles(@TempDir Path dir) throws Exception {
    Path binary = Path.of("/usr/bin/docker-compose");
    boolean required = System.getenv("BULWARK_REQUIRE_DOCKER_COMPOSE") != null;
    assumeTrue(
        Files.isExecutable(binary) || required,
        "docker-compose (v1, Debian's package) is not installed");
    assertThat(binary)
        .as("BULWARK_REQUIRE_DOCKER_COMPOSE is set: apt-get install docker-compose")
        .isExecutable();
    Files.createFile(dir.resolve(".env"));
    for (String file : List.of("docker-compose.yml", "docker-compose.backup.yml")) {
      Files.copy(COMPOSE_SHIM.resolve(file), dir.resolve(file));
      Process config =
          new ProcessBuilder(binary.toString(), "-f", file, "config", "-q")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(config.getInputStream().readAllBytes());
      assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(config.exitValue()).as("docker-compose -f %s config: %s", file, out).isZero();
    }
  }

  @Test
  void theImageRunsTheEntrypointAsANonRootUserOnJava17() throws IOException {
    Dockerfile dockerfile = Dockerfile.read(COMPOSE_SHIM.resolve("Dockerfile"));

    List<String> stages = dockerfile.all("FROM");
    assertThat(stages.get(stages.size() - 1))
        .as("the runtime stage")
        .isEqualTo("eclipse-temurin:17-jre");
    assertThat(dockerfile.first("USER")).isEqualTo("10001:10001");
    assertThat(dockerfile.all("COPY"))
        .contains(
            "--from=build --chmod=0644 /src/operator/cli/target/bulwark.jar /opt/bulwark/bulwark.jar",
            "--chmod=0755 compose-shim/entrypoint.sh /opt/bulwark/entrypoint.sh");
    assertThat(dockerfile.first("ENTRYPOINT")).isEqualTo("[\"/opt/bulwark/entrypoint.sh\"]");
    // The entrypoint's default jar is where the image puts it, and its health probe needs curl.
    assertThat(Files.readString(COMPOSE_SHIM.resolve("entrypoint.sh")))
        .contains("JAR=\"${BULWARK_JAR:-/opt/bulwark/bulwark.jar}\"")
        .contains("exec curl ");
    assertThat(dockerfile.all("RUN"))
        .anySatisfy(run -> assertThat(run).contains("install").contains(" curl "));
  }

  private static Map<String, Object> load(String file) throws IOException {
    try (Reader reader = Files.newBufferedReader(COMPOSE_SHIM.resolve(file))) {
      return new Yaml().load(reader);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    assertThat(parent).containsKey(key);
    return (Map<String, Object>) parent.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
    assertThat(parent).containsKey(key);
    return (List<Map<String, Object>>) parent.get(key);
  }

  private static Map<String, Object> mount(List<Map<String, Object>> volumes, String target) {
    return volumes.stream().filter(v -> target.equals(v.get("target"))).findFirst().orElseThrow();
  }
}
