package dev.bulwark.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.api.BulwarkApi;
import dev.bulwark.api.common.Resource;
import dev.bulwark.compose.ComposeRuntime;
import dev.bulwark.compose.ComposeSettings;
import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.Controllers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/** The compose shim over a temporary policies directory: one YAML file per resource. */
final class ComposeRuntimeUnderTest implements RuntimeUnderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private final Path policies;
  private final Path state;
  private final ComposeRuntime runtime;

  ComposeRuntimeUnderTest(Path workDir, Clock clock) throws Exception {
    policies = Files.createDirectories(workDir.resolve("policies"));
    state = workDir.resolve("state");
    runtime =
        new ComposeRuntime(
            new ComposeSettings(policies, state),
            Controllers.standard(Environment.of(java.util.Map.of())),
            clock);
    runtime.start();
  }

  @Override
  public String name() {
    return "compose";
  }

  @Override
  public void apply(Resource<?, ?> resource) throws Exception {
    ObjectNode document = YAML.createObjectNode();
    document.put("apiVersion", BulwarkApi.API_VERSION);
    document.put("kind", resource.getKind());
    document.putObject("metadata").put("name", resource.getRef().name());
    document.set("spec", YAML.valueToTree(resource.getSpec()));
    Path file = file(resource.getKind(), resource.getRef().name());
    Path temp = Files.createTempFile(policies.getParent(), "apply", ".yaml");
    YAML.writeValue(temp.toFile(), document);
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void delete(String kind, String name) throws Exception {
    Files.delete(file(kind, name));
  }

  @Override
  public JsonNode awaitStatus(String kind, String name, long generation) throws Exception {
    return Poll.until(
        kind + "/" + name + " status at generation " + generation + " in compose",
        () ->
            envelope(kind, name)
                .filter(e -> e.at("/status/observedGeneration").asLong() == generation)
                .map(e -> e.get("status")));
  }

  @Override
  public void awaitNotServed(String kind, String name) throws Exception {
    Poll.until(
        kind + "/" + name + " marked deleted in compose",
        () -> envelope(kind, name).filter(e -> e.path("deleted").asBoolean()));
  }

  private Optional<JsonNode> envelope(String kind, String name) throws Exception {
    Path file = runtime.statusFile(kind, name);
    return Files.exists(file) ? Optional.of(JSON.readTree(file.toFile())) : Optional.empty();
  }

  private Path file(String kind, String name) {
    return policies.resolve(kind.toLowerCase(Locale.ROOT) + "-" + name + ".yaml");
  }

  @Override
  public void close() {
    runtime.close();
  }
}
