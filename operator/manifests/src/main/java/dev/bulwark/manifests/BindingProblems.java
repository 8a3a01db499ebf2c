package dev.bulwark.manifests;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.api.common.WireNames;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Collects every binding problem of one document instead of stopping at the first, so a user fixes
 * a file in one round. Each problem carries the field path; the reader turns it into a line. Values
 * are never echoed except enum names (a mistyped secret must not end up in a log).
 */
final class BindingProblems extends DeserializationProblemHandler {

  /** A problem at a field path, before it is located in the file. */
  record FieldProblem(String field, String message) {}

  private final Set<FieldProblem> problems = new LinkedHashSet<>();

  Set<FieldProblem> problems() {
    return problems;
  }

  @Override
  public boolean handleUnknownProperty(
      DeserializationContext ctxt,
      JsonParser p,
      JsonDeserializer<?> deserializer,
      Object beanOrClass,
      String propertyName)
      throws IOException {
    Collection<Object> known =
        deserializer == null ? List.of() : deserializer.getKnownPropertyNames();
    problems.add(new FieldProblem(path(p), unknownField(propertyName, known)));
    p.skipChildren();
    return true;
  }

  @Override
  public Object handleWeirdStringValue(
      DeserializationContext ctxt, Class<?> targetType, String valueToConvert, String failureMsg) {
    String field = path(ctxt.getParser());
    if (targetType.isEnum()) {
      problems.add(
          new FieldProblem(
              field,
              "unknown value \""
                  + valueToConvert
                  + "\"; allowed values: "
                  + enumValues(targetType)));
    } else {
      problems.add(new FieldProblem(field, "expected " + describe(targetType) + ", found text"));
    }
    return null;
  }

  @Override
  public Object handleUnexpectedToken(
      DeserializationContext ctxt,
      JavaType targetType,
      JsonToken t,
      JsonParser p,
      String failureMsg)
      throws IOException {
    problems.add(
        new FieldProblem(
            path(p), "expected " + describe(targetType.getRawClass()) + ", found " + describe(t)));
    p.skipChildren();
    return null;
  }

  @Override
  public Object handleMissingInstantiator(
      DeserializationContext ctxt,
      Class<?> instClass,
      ValueInstantiator valueInsta,
      JsonParser p,
      String msg)
      throws IOException {
    problems.add(
        new FieldProblem(
            path(p), "expected " + describe(instClass) + ", found " + describe(p.currentToken())));
    p.skipChildren();
    return null;
  }

  /** Records a problem Jackson raised as an exception (the ones no handler method covers). */
  void add(JsonMappingException e, JsonNode tree) {
    String field =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining());
    field = field.startsWith(".") ? field.substring(1) : field;
    JsonNode value = at(tree, e.getPath());
    String found = value == null ? "" : ", found " + describe(value);
    String message;
    if (e instanceof InvalidFormatException invalid
        && invalid.getTargetType() != null
        && invalid.getTargetType().isEnum()) {
      message =
          "unknown value \""
              + invalid.getValue()
              + "\"; allowed values: "
              + enumValues(invalid.getTargetType());
    } else if (e instanceof MismatchedInputException mismatched
        && mismatched.getTargetType() != null) {
      Class<?> target = mismatched.getTargetType();
      message = "expected " + describe(target) + found;
      if (value != null && value.isTextual() && !target.equals(String.class) && !target.isEnum()) {
        message += " (write it without quotes)";
      } else if (value != null
          && value.isValueNode()
          && !value.isTextual()
          && target.equals(String.class)) {
        message += " (put it in quotes)";
      }
    } else {
      message = "cannot be read as written" + found;
    }
    problems.add(new FieldProblem(field.isEmpty() ? "document" : field, message));
  }

  private static JsonNode at(JsonNode tree, List<JsonMappingException.Reference> path) {
    JsonNode node = tree;
    for (JsonMappingException.Reference reference : path) {
      if (node == null) {
        return null;
      }
      node =
          reference.getFieldName() != null
              ? node.get(reference.getFieldName())
              : node.get(reference.getIndex());
    }
    return node;
  }

  /**
   * Takes the value at a Jackson path out of the tree (null first, removed when null was the
   * problem too), so binding can go on past it. False when nothing could be taken out.
   */
  static boolean blank(JsonNode tree, List<JsonMappingException.Reference> path) {
    if (path.isEmpty()) {
      return false;
    }
    JsonNode parent = tree;
    for (JsonMappingException.Reference reference : path.subList(0, path.size() - 1)) {
      parent =
          reference.getFieldName() != null
              ? parent.get(reference.getFieldName())
              : parent.get(reference.getIndex());
      if (parent == null) {
        return false;
      }
    }
    JsonMappingException.Reference last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode object
        && last.getFieldName() != null
        && object.has(last.getFieldName())) {
      if (object.get(last.getFieldName()).isNull()) {
        object.remove(last.getFieldName());
      } else {
        object.putNull(last.getFieldName());
      }
      return true;
    }
    if (parent instanceof ArrayNode array
        && last.getIndex() >= 0
        && last.getIndex() < array.size()
        && !array.get(last.getIndex()).isNull()) {
      array.set(last.getIndex(), NullNode.getInstance());
      return true;
    }
    return false;
  }

  private static String unknownField(String name, Collection<Object> known) {
    List<String> names = known.stream().map(String::valueOf).sorted().toList();
    String suggestion =
        names.stream()
            .filter(n -> Suggestions.isCloseTo(name, n))
            .min(Comparator.comparingInt(n -> Suggestions.distance(name, n)))
            .map(n -> "did you mean \"" + n + "\"? ")
            .orElse("");
    return "unknown field \""
        + name
        + "\"; "
        + suggestion
        + (names.isEmpty() ? "" : "allowed fields: " + String.join(", ", names));
  }

  /** The field path of the value the parser is on (a list or mapping is named by its parent). */
  static String path(JsonParser parser) {
    JsonStreamContext context = parser.getParsingContext();
    if (parser.currentToken() == JsonToken.START_ARRAY
        || parser.currentToken() == JsonToken.START_OBJECT) {
      context = context.getParent();
    }
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        path.insert(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.getCurrentName() != null) {
        path.insert(0, "." + c.getCurrentName());
      }
    }
    String field = path.toString();
    field = field.startsWith(".") ? field.substring(1) : field;
    return field.isEmpty() ? "document" : field;
  }

  static String enumValues(Class<?> enumType) {
    return Arrays.stream(enumType.getEnumConstants())
        .map(c -> WireNames.of((Enum<?>) c))
        .collect(Collectors.joining(", "));
  }

  private static String describe(Class<?> type) {
    if (type == String.class) {
      return "text";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (type.isEnum()) {
      return "one of " + enumValues(type);
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return Map.class.isAssignableFrom(type) ? "a mapping" : "a mapping (key: value pairs)";
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT, END_OBJECT, FIELD_NAME -> "a mapping";
      case START_ARRAY, END_ARRAY -> "a list";
      case VALUE_STRING -> "text";
      case VALUE_NUMBER_INT -> "a whole number";
      case VALUE_NUMBER_FLOAT -> "a decimal number";
      case VALUE_TRUE, VALUE_FALSE -> "true/false";
      case VALUE_NULL -> "nothing (null)";
      default -> "something else";
    };
  }

  private static String describe(JsonNode value) {
    if (value.isTextual()) {
      return "text";
    }
    if (value.isIntegralNumber()) {
      return "a whole number";
    }
    if (value.isNumber()) {
      return "a decimal number";
    }
    if (value.isBoolean()) {
      return "true/false";
    }
    if (value.isArray()) {
      return "a list";
    }
    return value.isObject() ? "a mapping" : "nothing (null)";
  }
}
