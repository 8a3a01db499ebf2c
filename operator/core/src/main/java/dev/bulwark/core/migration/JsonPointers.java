package dev.bulwark.core.migration;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes and removes values at JSON Pointers (RFC 6901). Writing creates missing parent objects, so
 * {@code /meta/source_refs} works on an object without {@code meta}; in an array the last segment
 * is an index to insert at, or {@code -} to append, as in JSON Patch.
 */
final class JsonPointers {
  private JsonPointers() {}

  /** Whether something (JSON null included) is at {@code pointer}. */
  static boolean present(JsonNode document, JsonPointer pointer) {
    return !document.at(pointer).isMissingNode();
  }

  /** Puts {@code value} at {@code pointer}, replacing an object member that is already there. */
  static void put(ObjectNode document, JsonPointer pointer, JsonNode value)
      throws ObjectMigrationException {
    if (pointer.matches()) {
      throw new ObjectMigrationException("cannot replace the whole document; point at a field");
    }
    JsonNode parent = document;
    JsonPointer walked = JsonPointer.empty();
    for (JsonPointer rest = pointer; !rest.tail().matches(); rest = rest.tail()) {
      JsonNode child = child(parent, rest, walked);
      if (child == null || child.isMissingNode() || child.isNull()) {
        if (!(parent instanceof ObjectNode object)) {
          throw new ObjectMigrationException(
              walked + rest.getMatchingProperty() + " does not exist inside an array");
        }
        child = object.putObject(rest.getMatchingProperty());
      }
      walked = walked.appendProperty(rest.getMatchingProperty());
      parent = child;
    }
    String last = pointer.last().getMatchingProperty();
    if (parent instanceof ObjectNode object) {
      object.set(last, value);
    } else if (parent instanceof ArrayNode array) {
      int index = "-".equals(last) ? array.size() : pointer.last().getMatchingIndex();
      if (index < 0 || index > array.size()) {
        throw new ObjectMigrationException(
            pointer + ": index " + last + " is outside the array of " + array.size());
      }
      array.insert(index, value);
    } else {
      throw new ObjectMigrationException(
          pointer + ": its parent " + walked + " is a " + kind(parent) + ", not an object");
    }
  }

  /** Removes what is at {@code pointer}; returns false when nothing was there. */
  static boolean remove(ObjectNode document, JsonPointer pointer) {
    if (pointer.matches() || !present(document, pointer)) {
      return false;
    }
    JsonNode parent = document.at(pointer.head());
    if (parent instanceof ObjectNode object) {
      return object.remove(pointer.last().getMatchingProperty()) != null;
    }
    if (parent instanceof ArrayNode array) {
      array.remove(pointer.last().getMatchingIndex());
      return true;
    }
    return false;
  }

  private static JsonNode child(JsonNode parent, JsonPointer rest, JsonPointer walked)
      throws ObjectMigrationException {
    if (parent instanceof ObjectNode object) {
      return object.get(rest.getMatchingProperty());
    }
    if (parent instanceof ArrayNode array) {
      int index = rest.getMatchingIndex();
      return index < 0 ? null : array.get(index);
    }
    throw new ObjectMigrationException(
        walked + " is a " + kind(parent) + ", not an object or array");
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
