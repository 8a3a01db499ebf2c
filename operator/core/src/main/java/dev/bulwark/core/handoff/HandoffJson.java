package dev.bulwark.core.handoff;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes the hand-off's JSON for one source ({@code BULWARK_RUN}, the termination
 * message), turning every problem into a {@link HandoffException} that names the field.
 */
final class HandoffJson {
  /** Records as they are stored (snake_case by their annotations), compact, times as RFC 3339. */
  static final ObjectMapper RECORDS =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.INDENT_OUTPUT)
          .build();

  /**
   * Specs in the CRD's camelCase, absent fields left out; a field this version does not know is an
   * error, never dropped, since dropping one (an exclude, a hook) would change what the run does.
   */
  static final ObjectMapper SPECS =
      JsonMapper.builder()
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final String source;

  /** Reads the document that came from {@code source}. */
  HandoffJson(String source) {
    this.source = source;
  }

  /** A problem with {@code field}. */
  HandoffException error(String field, String reason) {
    return new HandoffException(source, field, reason);
  }

  /** The document as a JSON object. */
  ObjectNode parse(String json) throws HandoffException {
    if (json == null || json.isBlank()) {
      throw error("document", "missing (empty)");
    }
    JsonNode tree;
    try {
      tree = RECORDS.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(json);
    } catch (JsonProcessingException e) {
      throw error("document", "not JSON (" + firstLine(e.getOriginalMessage()) + ")");
    }
    if (tree == null || !tree.isObject()) {
      throw error("document", "not a JSON object");
    }
    return (ObjectNode) tree;
  }

  /** {@code parent.name} as an object; missing is an error. */
  ObjectNode object(ObjectNode parent, String name, String path) throws HandoffException {
    JsonNode value = parent.get(name);
    String field = join(path, name);
    if (value == null || value.isNull()) {
      throw error(field, "missing");
    }
    if (!value.isObject()) {
      throw error(field, "expected an object, found " + shape(value));
    }
    return (ObjectNode) value;
  }

  /** {@code parent.name} as non-blank text; missing is an error. */
  String text(ObjectNode parent, String name, String path) throws HandoffException {
    return optionalText(parent, name, path).orElseThrow(() -> error(join(path, name), "missing"));
  }

  /** {@code parent.name} as non-blank text, if present. */
  Optional<String> optionalText(ObjectNode parent, String name, String path)
      throws HandoffException {
    JsonNode value = parent.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw error(join(path, name), "expected text, found " + shape(value));
    }
    if (value.asText().isBlank()) {
      throw error(join(path, name), "blank");
    }
    return Optional.of(value.asText());
  }

  /** {@code parent.name} as a whole number; missing is an error. */
  long integer(ObjectNode parent, String name, String path) throws HandoffException {
    JsonNode value = parent.get(name);
    if (value == null || value.isNull()) {
      throw error(join(path, name), "missing");
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw error(join(path, name), "expected a whole number, found " + shape(value));
    }
    return value.asLong();
  }

  /** Refuses fields of {@code node} that are not {@code known}: a typo must not pass unseen. */
  void onlyKnown(ObjectNode node, String path, Set<String> known) throws HandoffException {
    for (String name : (Iterable<String>) node::fieldNames) {
      if (!known.contains(name)) {
        throw error(join(path, name), "unknown field");
      }
    }
  }

  /** {@code node} bound to {@code type} by {@code mapper}; a problem names its field. */
  <T> T bind(ObjectMapper mapper, JsonNode node, Class<T> type, String path)
      throws HandoffException {
    try {
      return mapper.treeToValue(node, type);
    } catch (JsonMappingException e) {
      throw error(fieldOf(path, e), reasonOf(e));
    } catch (JsonProcessingException e) {
      throw error(path, firstLine(e.getOriginalMessage()));
    } catch (IllegalArgumentException e) {
      throw error(path, firstLine(e.getMessage()));
    }
  }

  /** The dotted path of the field a binding problem is about. */
  private static String fieldOf(String path, JsonMappingException e) {
    StringBuilder field = new StringBuilder(path);
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        field.append(field.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    return field.toString();
  }

  private static String reasonOf(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException) {
      return "unknown field";
    }
    if (e instanceof InvalidFormatException invalid) {
      return "cannot be read as "
          + invalid.getTargetType().getSimpleName()
          + ": "
          + invalid.getValue();
    }
    if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
      return "expected " + describe(mismatched.getTargetType());
    }
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && cause instanceof RuntimeException) {
      // a record's own check, e.g. Objects.requireNonNull(state, "state")
      return "invalid (" + firstLine(cause.getMessage()) + ")";
    }
    return firstLine(e.getOriginalMessage()).replace('`', '\'');
  }

  /** What a value of {@code type} looks like in JSON, for messages. */
  private static String describe(Class<?> type) {
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (java.util.Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    if (Number.class.isAssignableFrom(type)
        || (type.isPrimitive() && type != boolean.class && type != char.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "text";
    }
    return "an object (" + type.getSimpleName() + ")";
  }

  /** {@code path.name}, or {@code name} at the top. */
  static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String shape(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "text";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
