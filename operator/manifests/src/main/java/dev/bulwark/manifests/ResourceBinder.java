package dev.bulwark.manifests;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.bulwark.api.common.Resource;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds document trees to the resource model as strictly as the CRD schema checks them: unknown
 * fields, wrong types and unknown enum values are errors, and all of them are collected in one pass
 * (see {@link BindingProblems}).
 */
final class ResourceBinder {
  private static final int MAX_BINDING_ATTEMPTS = 50;

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          // "30" is not 30 and 30 is not "30": the CRD schema rejects both, so do we.
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfig(
              LogicalType.Textual,
              c -> {
                // Unquoted 2024 or 1.10 for a text field: YAML already made it a number (1.10
                // became 1.1), so refuse instead of guessing what was meant.
                c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                c.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
              })
          .build();

  /** Metadata keeps unknown fields aside instead of failing, so they are checked by name. */
  private final Set<String> metadataFields =
      mapper
          .getDeserializationConfig()
          .introspect(mapper.constructType(ResourceDocument.Metadata.class))
          .findProperties()
          .stream()
          .map(BeanPropertyDefinition::getName)
          .collect(Collectors.toUnmodifiableSet());

  /**
   * Binds a document's tree to the resource class of its kind; every problem goes to {@code
   * problems} at its field's line. Empty when there was any.
   */
  Optional<Resource<?, ?>> bind(
      ObjectNode tree, ResourceKind kind, FieldLocator locator, List<ManifestProblem> problems) {
    BindingProblems collected = new BindingProblems();
    JavaType documentType =
        mapper.getTypeFactory().constructParametricType(ResourceDocument.class, kind.specType());
    ObjectReader reader = mapper.readerFor(documentType).withHandler(collected);
    ObjectNode remaining = tree.deepCopy();
    ResourceDocument<?> document = null;
    // Jackson raises some problems (e.g. "30" for a number) as exceptions instead of asking the
    // handler: record each, blank the offending value and bind again, so all are reported at once.
    for (int attempt = 0; attempt < MAX_BINDING_ATTEMPTS; attempt++) {
      try {
        document = reader.readValue(remaining);
        break;
      } catch (JsonMappingException e) {
        collected.add(e, remaining);
        if (!BindingProblems.blank(remaining, e.getPath())) {
          break;
        }
      } catch (IOException e) {
        problems.add(
            ManifestReader.error(
                locator, "document", "cannot be bound: " + ManifestReader.reason(e)));
        return Optional.empty();
      }
    }
    for (BindingProblems.FieldProblem problem : collected.problems()) {
      problems.add(ManifestReader.error(locator, problem.field(), problem.message()));
    }
    if (!collected.problems().isEmpty() || document == null) {
      return Optional.empty();
    }
    return Optional.of(document.toPlain(kind.newResource()));
  }

  /** Reports metadata fields Kubernetes does not know (a typo such as {@code nmae}). */
  void checkMetadataFields(
      JsonNode metadata, FieldLocator locator, List<ManifestProblem> problems) {
    for (String field : (Iterable<String>) metadata::fieldNames) {
      if (!metadataFields.contains(field)) {
        problems.add(
            ManifestReader.error(locator, "metadata." + field, "unknown field \"" + field + "\""));
      }
    }
  }
}
