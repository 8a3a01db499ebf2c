package dev.bulwark.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Bulwark document in {@code examples/} and {@code policies/} conforms to the committed CRD
 * schemas, as the API server would check it. Stricter than the server in one way: unknown fields
 * are errors here (the server silently prunes them, which hides typos). Other YAML (compose files,
 * Kubernetes manifests, alert rules) is skipped.
 */
class ManifestsConformToCrdsTest {
  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final Map<String, JsonSchema> SCHEMA_BY_KIND = new HashMap<>();

  @BeforeAll
  static void loadSchemas() throws IOException {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    try (Stream<Path> crds = Files.list(ROOT.resolve("crd-schemas"))) {
      for (Path crd : crds.filter(p -> p.toString().endsWith(".yml")).toList()) {
        JsonNode definition = YAML.readTree(crd.toFile());
        JsonNode schema = definition.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
        closeObjects(schema);
        SCHEMA_BY_KIND.put(definition.at("/spec/names/kind").asText(), factory.getSchema(schema));
      }
    }
    assertThat(SCHEMA_BY_KIND)
        .containsOnlyKeys("BackupPolicy", "RestoreDrill", "MigrationPlan", "ReplayPlan");
  }

  @Test
  void everyBulwarkDocumentConforms() throws IOException {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path file : yamlFiles(ROOT.resolve("examples"), ROOT.resolve("policies"))) {
      for (JsonNode document : documents(file)) {
        if (!document.path("apiVersion").asText().startsWith("bulwark.dev/")) {
          continue;
        }
        String where =
            ROOT.relativize(file)
                + " "
                + document.path("kind").asText()
                + "/"
                + document.at("/metadata/name").asText();
        JsonSchema schema = SCHEMA_BY_KIND.get(document.path("kind").asText());
        if (schema == null) {
          problems.add(where + ": unknown kind");
          continue;
        }
        if (document.at("/metadata/name").asText().isEmpty()) {
          problems.add(where + ": metadata.name is missing");
        }
        ObjectNode body = ((ObjectNode) document.deepCopy());
        body.remove(List.of("apiVersion", "kind", "metadata"));
        Set<ValidationMessage> messages = schema.validate(body);
        messages.forEach(m -> problems.add(where + ": " + m.getMessage()));
        checked++;
      }
    }
    assertThat(problems).isEmpty();
    assertThat(checked)
        .as("Bulwark documents found in examples/ and policies/")
        .isGreaterThanOrEqualTo(5);
  }

  @Test
  void aTypoIsCaught() throws IOException {
    JsonNode document =
        YAML.readTree("spec: {target: local, sorces: [], sources: [{path: /d, domain: raw}]}");
    assertThat(SCHEMA_BY_KIND.get("BackupPolicy").validate(document))
        .extracting(ValidationMessage::getMessage)
        .anyMatch(m -> m.contains("sorces"));
    JsonNode badEnum = YAML.readTree("spec: {target: ftp, sources: [{path: /d, domain: raw}]}");
    assertThat(SCHEMA_BY_KIND.get("BackupPolicy").validate(badEnum))
        .extracting(ValidationMessage::getMessage)
        .anyMatch(m -> m.contains("target"));
  }

  /**
   * Adds additionalProperties: false wherever the schema lists properties and keeps no unknown
   * ones.
   */
  private static void closeObjects(JsonNode schema) {
    if (schema instanceof ObjectNode node) {
      if (node.has("properties")
          && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
        node.put("additionalProperties", false);
      }
      node.forEach(ManifestsConformToCrdsTest::closeObjects);
    } else if (schema.isArray()) {
      schema.forEach(ManifestsConformToCrdsTest::closeObjects);
    }
  }

  private static List<Path> yamlFiles(Path... roots) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path root : roots) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .sorted()
            .forEach(files::add);
      }
    }
    return files;
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      return YAML.readValues(parser, JsonNode.class).readAll().stream()
          .filter(d -> d != null && !d.isMissingNode() && !d.isNull())
          .toList();
    }
  }
}
