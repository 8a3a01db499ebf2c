package dev.bulwark.core.migration;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What a migration changes in one object, as JSON Pointers: fields added, removed and changed (a
 * changed array counts as one change of the array).
 *
 * @param added pointers present only after
 * @param removed pointers present only before
 * @param changed pointers whose value differs
 */
public record DocumentDiff(
    @JsonProperty("added") List<String> added,
    @JsonProperty("removed") List<String> removed,
    @JsonProperty("changed") List<String> changed) {

  public DocumentDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
  }

  /** The differences between {@code before} and {@code after}. */
  static DocumentDiff between(JsonNode before, JsonNode after) {
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    walk("", before, after, added, removed, changed);
    return new DocumentDiff(added, removed, changed);
  }

  /** One line such as {@code +/data_domain -/updated_at ~/schema_version}. */
  public String summary() {
    List<String> parts = new ArrayList<>();
    added.forEach(p -> parts.add("+" + p));
    removed.forEach(p -> parts.add("-" + p));
    changed.forEach(p -> parts.add("~" + p));
    return parts.isEmpty() ? "no change" : String.join(" ", parts);
  }

  private static void walk(
      String at,
      JsonNode before,
      JsonNode after,
      List<String> added,
      List<String> removed,
      List<String> changed) {
    if (before.isObject() && after.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = before.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String path = at + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
        JsonNode other = after.get(field.getKey());
        if (other == null) {
          removed.add(path);
        } else {
          walk(path, field.getValue(), other, added, removed, changed);
        }
      }
      for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!before.has(name)) {
          added.add(at + "/" + name.replace("~", "~0").replace("/", "~1"));
        }
      }
    } else if (!before.equals(after)) {
      changed.add(at.isEmpty() ? "/" : at);
    }
  }
}
