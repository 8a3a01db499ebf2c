package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the bulwark image runs, without a Docker engine: compose-shim/entrypoint.sh started with
 * nothing but the image's environment (the Dockerfile's ENV), the variables
 * compose-shim/.env.example sets (as docker compose's env_file passes them) and the paths a
 * container would mount, pointed at a temporary policies folder and the packaged jar. It serves the
 * policies, answers /healthz and the image's HEALTHCHECK command, and stops cleanly on SIGTERM.
 */
class ContainerEntrypointIT {
  private static final Path COMPOSE_SHIM = BulwarkProcess.ROOT.resolve("compose-shim");
  private static final Path ENTRYPOINT = COMPOSE_SHIM.resolve("entrypoint.sh");
  private static final Pattern ENV_LINE = Pattern.compile("^([A-Z][A-Z0-9_]*)=(.*)$");
  private static final Pattern DOCKERFILE_JAVA_OPTS =
      Pattern.compile("(?m)^ENV JAVA_OPTS=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;
  private Process container;

  @AfterEach
  void stop() throws InterruptedException {
    if (container != null && container.isAlive()) {
      container.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theEntrypointServesThePoliciesAndAnswersItsHealthcheck() throws Exception {
    Path policies = work.resolve("policies");
    copyTree(BulwarkProcess.ROOT.resolve("policies"), policies);
    copyTree(
        BulwarkProcess.ROOT.resolve("examples/sample-data"), work.resolve("examples/sample-data"));
    int port = freePort();
    Map<String, String> env = containerEnvironment(policies, work.resolve("state"), port);
    Path log = work.resolve("container.log");

    container = entrypoint(env).redirectErrorStream(true).redirectOutput(log.toFile()).start();

    HttpResponse<String> health = awaitHealthy(port, log);
    assertThat(health.body().strip()).isEqualTo("ok");
    Path status = work.resolve("state/status/backuppolicy/demo.json");
    JsonNode demo = awaitFile(status, log);
    assertThat(demo.at("/metadata/name").asText()).isEqualTo("demo");
    assertThat(run(env, "healthcheck").exitCode()).as("the image's HEALTHCHECK command").isZero();
    // The jar really is the one the image copies: same entrypoint, subcommands pass through.
    BulwarkProcess.Result validate = run(env, "validate", policies.toString());
    assertThat(validate.exitCode()).as(validate.stderr()).isZero();

    // `docker stop` sends SIGTERM to PID 1, which is the JVM itself thanks to exec.
    container.destroy();
    assertThat(container.waitFor(30, TimeUnit.SECONDS))
        .as("stopped within the grace period")
        .isTrue();
    assertThat(Files.readString(log)).contains("stopped");
    assertThat(run(env, "healthcheck").exitCode()).as("unhealthy once stopped").isNotZero();
  }

  @Test
  void optionsAloneArePassedToRun() throws Exception {
    Map<String, String> env =
        containerEnvironment(work.resolve("missing"), work.resolve("state"), freePort());

    BulwarkProcess.Result result = run(env, "--http-port", "-1");

    // `run` with the image's policies variable, which names no directory here.
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("bulwark run: policies directory").contains("missing");
  }

  /**
   * The container's environment: the Dockerfile's ENV, .env.example's set variables, the variables
   * Docker itself sets, and the mount points mapped to this test's folders.
   */
  private static Map<String, String> containerEnvironment(Path policies, Path state, int port)
      throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(
        "PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/local/bin:/usr/bin:/bin");
    env.put("HOSTNAME", "bulwark-entrypoint-it");
    Matcher javaOpts =
        DOCKERFILE_JAVA_OPTS.matcher(Files.readString(COMPOSE_SHIM.resolve("Dockerfile")));
    assertThat(javaOpts.find()).as("the Dockerfile sets JAVA_OPTS").isTrue();
    env.put("JAVA_OPTS", javaOpts.group(1));
    for (String line : Files.readAllLines(COMPOSE_SHIM.resolve(".env.example"))) {
      Matcher m = ENV_LINE.matcher(line.strip());
      if (m.matches()) {
        env.put(m.group(1), m.group(2));
      }
    }
    assertThat(env).containsKeys("BACKUP_TARGET_DEFAULT", "S3_BUCKET", "OSS_ENDPOINT");
    // Inside the image these are /opt/bulwark/bulwark.jar, /policies, /state (the entrypoint's
    // defaults).
    env.put("BULWARK_JAR", BulwarkProcess.JAR.toString());
    env.put("BULWARK_POLICIES", policies.toString());
    env.put("BULWARK_STATE", state.toString());
    env.put("BULWARK_HTTP_PORT", Integer.toString(port));
    return env;
  }

  private ProcessBuilder entrypoint(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("/bin/sh", ENTRYPOINT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder;
  }

  private BulwarkProcess.Result run(Map<String, String> env, String... args) throws Exception {
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process process =
        entrypoint(env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "entrypoint.sh " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new BulwarkProcess.Result(
        process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private HttpResponse<String> awaitHealthy(int port, Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      assertThat(container.isAlive())
          .as("the container process is running; log:\n%s", Files.readString(log))
          .isTrue();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return response;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "/healthz never answered 200 (last: " + last + "); log:\n" + Files.readString(log));
  }

  private static JsonNode awaitFile(Path file, Path log) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(file)) {
        return JSON.readTree(file.toFile());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + file + "; log:\n" + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
