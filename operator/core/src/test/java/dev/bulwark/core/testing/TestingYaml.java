package dev.bulwark.core.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.migration.MigrationPlan;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads Bulwark resources from YAML (one or many documents) as tests need them. */
public final class TestingYaml {
  private static final ObjectMapper MAPPER =
      YAMLMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .findAndAddModules()
          .build();

  private static final Map<String, Class<? extends CustomResource<?, ?>>> KINDS =
      Map.of(
          "BackupPolicy", BackupPolicy.class,
          "RestoreDrill", RestoreDrill.class,
          "MigrationPlan", MigrationPlan.class);

  private TestingYaml() {}

  /** The single resource in a classpath resource, e.g. {@code /policies/valid.yaml}. */
  public static <T> T resource(String classpathResource, Class<T> type) {
    try (InputStream in = TestingYaml.class.getResourceAsStream(classpathResource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + classpathResource);
      }
      return MAPPER.readValue(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + classpathResource, e);
    }
  }

  /** Every Bulwark resource in a (multi-document) YAML file, in order; other kinds are skipped. */
  public static List<CustomResource<?, ?>> file(Path file) {
    List<CustomResource<?, ?>> resources = new ArrayList<>();
    try (MappingIterator<JsonNode> documents =
        MAPPER.readerFor(JsonNode.class).readValues(Files.newBufferedReader(file))) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        Class<? extends CustomResource<?, ?>> type = KINDS.get(document.path("kind").asText());
        if (type != null) {
          resources.add(MAPPER.treeToValue(document, type));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return resources;
  }
}
