package dev.bulwark.core.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.common.ResourceRef;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.replay.ReplayPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
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

  private static final Map<String, Class<? extends Resource<?, ?>>> KINDS =
      Map.of(
          BackupPolicy.KIND, BackupPolicy.class,
          RestoreDrill.KIND, RestoreDrill.class,
          MigrationPlan.KIND, MigrationPlan.class,
          ReplayPlan.KIND, ReplayPlan.class);

  private TestingYaml() {}

  /** The single resource in a classpath resource, e.g. {@code /policies/valid.yaml}. */
  public static <T> T resource(String classpathResource, Class<T> type) {
    try (InputStream in = TestingYaml.class.getResourceAsStream(classpathResource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + classpathResource);
      }
      JsonNode document = MAPPER.readTree(in);
      return Resource.class.isAssignableFrom(type)
          ? type.cast(plain(document, type.asSubclass(Resource.class)))
          : MAPPER.treeToValue(document, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + classpathResource, e);
    }
  }

  /** Every Bulwark resource in a (multi-document) YAML file, in order; other kinds are skipped. */
  public static List<Resource<?, ?>> file(Path file) {
    List<Resource<?, ?>> resources = new ArrayList<>();
    try (MappingIterator<JsonNode> documents =
        MAPPER.readerFor(JsonNode.class).readValues(Files.newBufferedReader(file))) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        Class<? extends Resource<?, ?>> type = KINDS.get(document.path("kind").asText());
        if (type != null) {
          resources.add(plain(document, type));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return resources;
  }

  /**
   * A plain resource of {@code type} from a Kubernetes-style document: metadata to its reference
   * and annotations, spec and status bound to the types the resource class declares.
   */
  private static <R extends Resource<?, ?>> R plain(JsonNode document, Class<R> type)
      throws IOException {
    R resource;
    try {
      resource = type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot create a " + type.getName(), e);
    }
    JsonNode metadata = document.path("metadata");
    resource.setRef(
        new ResourceRef(
            resource.getKind(),
            text(metadata.get("namespace")),
            text(metadata.get("name")),
            metadata.hasNonNull("generation") ? metadata.get("generation").asLong() : null,
            text(metadata.get("uid"))));
    if (metadata.hasNonNull("annotations")) {
      resource.setAnnotations(
          MAPPER.convertValue(
              metadata.get("annotations"),
              MAPPER.getTypeFactory().constructMapType(Map.class, String.class, String.class)));
    }
    Type[] parts = ((ParameterizedType) type.getGenericSuperclass()).getActualTypeArguments();
    set(resource, "spec", document.get("spec"), (Class<?>) parts[0]);
    set(resource, "status", document.get("status"), (Class<?>) parts[1]);
    return resource;
  }

  // Safe: the values are bound to the very types the resource class declares for them.
  @SuppressWarnings("unchecked")
  private static void set(Resource<?, ?> resource, String part, JsonNode value, Class<?> type)
      throws IOException {
    if (value == null || value.isNull()) {
      return;
    }
    Resource<Object, Object> untyped = (Resource<Object, Object>) resource;
    Object bound = MAPPER.treeToValue(value, type);
    if (part.equals("spec")) {
      untyped.setSpec(bound);
    } else {
      untyped.setStatus(bound);
    }
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }
}
