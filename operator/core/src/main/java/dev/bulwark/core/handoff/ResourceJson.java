package dev.bulwark.core.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.api.BulwarkApi;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.common.ResourceRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A resource in its wire format, as a user writes it: {@code apiVersion}, {@code kind}, {@code
 * metadata} (name, namespace, generation, uid, annotations) and the CRD's camelCase {@code spec}.
 * The status stays with the operator: a run needs only what was declared.
 */
final class ResourceJson {
  private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
  private static final Set<String> METADATA =
      Set.of("name", "namespace", "generation", "uid", "annotations");

  private ResourceJson() {}

  /** {@code resource} as a manifest document; it must have a name and a spec. */
  static ObjectNode write(Resource<?, ?> resource) {
    ResourceRef ref = resource.getRef();
    if (ref.name() == null || resource.getSpec() == null) {
      throw new IllegalArgumentException(
          "a " + resource.getKind() + " handed over needs a name and a spec");
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("apiVersion", BulwarkApi.API_VERSION);
    node.put("kind", resource.getKind());
    ObjectNode metadata = node.putObject("metadata");
    metadata.put("name", ref.name());
    if (ref.namespace() != null) {
      metadata.put("namespace", ref.namespace());
    }
    if (ref.generation() != null) {
      metadata.put("generation", ref.generation());
    }
    if (ref.uid() != null) {
      metadata.put("uid", ref.uid());
    }
    if (!resource.getAnnotations().isEmpty()) {
      ObjectNode annotations = metadata.putObject("annotations");
      resource.getAnnotations().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> annotations.put(e.getKey(), e.getValue()));
    }
    node.set("spec", HandoffJson.SPECS.valueToTree(resource.getSpec()));
    return node;
  }

  /** Reads {@code node} (at {@code path}) into {@code fresh}, a new resource of its kind. */
  static <S, R extends Resource<S, ?>> R read(
      HandoffJson json, ObjectNode node, String path, R fresh, Class<S> specType)
      throws HandoffException {
    json.onlyKnown(node, path, FIELDS);
    String apiVersion = json.text(node, "apiVersion", path);
    if (!BulwarkApi.API_VERSION.equals(apiVersion)) {
      throw json.error(
          HandoffJson.join(path, "apiVersion"), apiVersion + " is not " + BulwarkApi.API_VERSION);
    }
    String kind = json.text(node, "kind", path);
    if (!fresh.getKind().equals(kind)) {
      throw json.error(HandoffJson.join(path, "kind"), kind + " is not " + fresh.getKind());
    }
    String metadataPath = HandoffJson.join(path, "metadata");
    ObjectNode metadata = json.object(node, "metadata", path);
    json.onlyKnown(metadata, metadataPath, METADATA);
    Long generation =
        metadata.hasNonNull("generation")
            ? json.integer(metadata, "generation", metadataPath)
            : null;
    fresh.setRef(
        new ResourceRef(
            kind,
            json.optionalText(metadata, "namespace", metadataPath).orElse(null),
            json.text(metadata, "name", metadataPath),
            generation,
            json.optionalText(metadata, "uid", metadataPath).orElse(null)));
    fresh.setAnnotations(annotations(json, metadata, metadataPath));
    ObjectNode spec = json.object(node, "spec", path);
    fresh.setSpec(json.bind(HandoffJson.SPECS, spec, specType, HandoffJson.join(path, "spec")));
    return fresh;
  }

  private static Map<String, String> annotations(
      HandoffJson json, ObjectNode metadata, String metadataPath) throws HandoffException {
    if (!metadata.hasNonNull("annotations")) {
      return Map.of();
    }
    ObjectNode annotations = json.object(metadata, "annotations", metadataPath);
    Map<String, String> read = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : annotations.properties()) {
      if (!entry.getValue().isTextual()) {
        throw json.error(
            HandoffJson.join(metadataPath, "annotations." + entry.getKey()), "expected text");
      }
      read.put(entry.getKey(), entry.getValue().asText());
    }
    return read;
  }
}
