package dev.bulwark.core.migration;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Optional;

/**
 * The field of an object that holds its version: a top-level name such as {@code schema_version},
 * or a JSON Pointer when it starts with '/'. Versions are integers, stored as numbers or as digit
 * strings; a rewrite keeps the kind the object used.
 */
final class VersionField {
  private final String name;
  private final JsonPointer pointer;

  VersionField(String name) {
    this.name = name == null || name.isBlank() ? "schema_version" : name;
    this.pointer =
        this.name.startsWith("/")
            ? JsonPointer.compile(this.name)
            : JsonPointer.compile("/" + escape(this.name));
  }

  String name() {
    return name;
  }

  /** The object's version; empty when the field is absent. */
  Optional<Integer> read(ObjectNode document) throws ObjectMigrationException {
    JsonNode value = document.at(pointer);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return Optional.of(value.intValue());
    }
    if (value.isTextual() && value.asText().matches("\\d{1,9}")) {
      return Optional.of(Integer.parseInt(value.asText()));
    }
    throw new ObjectMigrationException(
        "version field " + name + " is " + value + "; expected an integer such as 2");
  }

  /** Sets the version to {@code version}, as text when the object kept it as text. */
  void write(ObjectNode document, int version) throws ObjectMigrationException {
    JsonNode old = document.at(pointer);
    JsonNode value =
        old.isTextual() ? TextNode.valueOf(Integer.toString(version)) : IntNode.valueOf(version);
    JsonPointers.put(document, pointer, value);
  }

  private static String escape(String field) {
    return field.replace("~", "~0").replace("/", "~1");
  }
}
