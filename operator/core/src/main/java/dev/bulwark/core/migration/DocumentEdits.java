package dev.bulwark.core.migration;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.api.migration.DocumentOperation;
import dev.bulwark.api.migration.OperationType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a step's declarative operations to one object. Each is safe to meet on an object that
 * never had the field, so old and new objects migrate alike (progressive labelling, R20):
 *
 * <ul>
 *   <li>{@code set}: writes {@code value} at {@code path} when nothing is there (a default); an
 *       existing value is kept.
 *   <li>{@code addMetadata}: like set, for the R20 fields only ({@code /data_domain}, {@code
 *       /schema_version}, {@code /generated_by}, {@code /generated_at}, {@code /source_refs}); in
 *       its string values {@code {now}} becomes the run's start time, {@code {plan}} the plan name,
 *       {@code {domain}} the object's source domain and {@code {object}} its path
 *       (domain/relative).
 *   <li>{@code rename} (same parent object) and {@code move}: take the value at {@code from} to
 *       {@code path}; {@code copy} leaves it at {@code from} too. Nothing at {@code from}: no
 *       change. Something already at {@code path}: the object fails, as no value is ever
 *       overwritten.
 *   <li>{@code remove}: deletes {@code path} when present.
 * </ul>
 */
final class DocumentEdits {
  /** The metadata fields of R20. */
  static final Set<String> METADATA =
      Set.of("/data_domain", "/schema_version", "/generated_by", "/generated_at", "/source_refs");

  private final List<DocumentOperation> operations;
  private final String field;

  /**
   * Edits for {@code operations}, checked now so that a bad plan fails before any object is
   * touched.
   *
   * @param field where the operations are declared, for messages (spec.steps[0].operations)
   */
  DocumentEdits(List<DocumentOperation> operations, String field) throws PlanException {
    this.operations = List.copyOf(operations);
    this.field = field;
    for (int i = 0; i < operations.size(); i++) {
      check(operations.get(i), field + "[" + i + "]");
    }
  }

  private static void check(DocumentOperation op, String at) throws PlanException {
    if (op == null || op.getOp() == null) {
      throw new PlanException(at + ".op: required");
    }
    JsonPointer path = pointer(op.getPath(), at + ".path");
    if (path.matches()) {
      throw new PlanException(at + ".path: '' is the whole document; point at a field");
    }
    switch (op.getOp()) {
      case SET -> requireValue(op, at);
      case ADD_METADATA -> {
        requireValue(op, at);
        if (!METADATA.contains(op.getPath())) {
          throw new PlanException(
              at
                  + ".path: addMetadata writes the R20 fields only ("
                  + String.join(", ", METADATA.stream().sorted().toList())
                  + "), not "
                  + op.getPath()
                  + "; use set for other fields");
        }
      }
      case RENAME, MOVE, COPY -> {
        JsonPointer from = pointer(op.getFrom(), at + ".from");
        if (from.matches()) {
          throw new PlanException(at + ".from: '' is the whole document; point at a field");
        }
        if (op.getOp() == OperationType.RENAME && !from.head().equals(path.head())) {
          throw new PlanException(
              at
                  + ": rename keeps a field in its object, but "
                  + op.getFrom()
                  + " and "
                  + op.getPath()
                  + " have different parents; use move");
        }
      }
      case REMOVE -> {}
    }
  }

  private static void requireValue(DocumentOperation op, String at) throws PlanException {
    if (op.getValue() == null) {
      throw new PlanException(at + ".value: required by op " + WireNames.of(op.getOp()));
    }
  }

  private static JsonPointer pointer(String text, String at) throws PlanException {
    if (text == null) {
      throw new PlanException(at + ": required; a JSON Pointer such as /data_domain");
    }
    try {
      return JsonPointer.compile(text);
    } catch (IllegalArgumentException e) {
      throw new PlanException(
          at + ": '" + text + "' is not a JSON Pointer (" + e.getMessage() + ")");
    }
  }

  /** Applies every operation in order to {@code document}. */
  void apply(ObjectNode document, Map<String, String> placeholders)
      throws ObjectMigrationException {
    for (int i = 0; i < operations.size(); i++) {
      DocumentOperation op = operations.get(i);
      try {
        apply(document, op, placeholders);
      } catch (ObjectMigrationException e) {
        throw new ObjectMigrationException(
            field + "[" + i + "] (" + WireNames.of(op.getOp()) + "): " + e.getMessage());
      }
    }
  }

  private static void apply(
      ObjectNode document, DocumentOperation op, Map<String, String> placeholders)
      throws ObjectMigrationException {
    JsonPointer path = JsonPointer.compile(op.getPath());
    switch (op.getOp()) {
      case SET -> {
        if (!JsonPointers.present(document, path)) {
          JsonPointers.put(document, path, op.getValue().deepCopy());
        }
      }
      case ADD_METADATA -> {
        if (!JsonPointers.present(document, path)) {
          JsonPointers.put(document, path, substitute(op.getValue(), placeholders));
        }
      }
      case RENAME, MOVE, COPY -> {
        JsonPointer from = JsonPointer.compile(op.getFrom());
        JsonNode value = document.at(from);
        if (value.isMissingNode() || from.equals(path)) {
          return;
        }
        if (JsonPointers.present(document, path)) {
          throw new ObjectMigrationException(
              op.getPath()
                  + " already holds "
                  + abbreviate(document.at(path))
                  + "; it is never overwritten (remove it in an earlier operation if it must go)");
        }
        JsonNode copy = value.deepCopy();
        if (op.getOp() != OperationType.COPY) {
          JsonPointers.remove(document, from);
        }
        JsonPointers.put(document, path, copy);
      }
      case REMOVE -> JsonPointers.remove(document, path);
    }
  }

  private static JsonNode substitute(JsonNode value, Map<String, String> placeholders) {
    if (value.isTextual()) {
      String text = value.asText();
      for (Map.Entry<String, String> p : placeholders.entrySet()) {
        text = text.replace("{" + p.getKey() + "}", p.getValue());
      }
      return TextNode.valueOf(text);
    }
    if (value.isArray()) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      value.forEach(element -> array.add(substitute(element, placeholders)));
      return array;
    }
    return value.deepCopy();
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
