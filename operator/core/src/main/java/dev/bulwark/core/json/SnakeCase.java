package dev.bulwark.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * Writes Bulwark's own JSON in snake_case and reads documents written before the rule (camelCase
 * keys) as if they had been written with it, so files that already exist stay readable.
 */
public final class SnakeCase {
  /**
   * Keys whose values are Kubernetes objects or fields of one: copied as they are, never renamed.
   */
  private static final Set<String> KUBERNETES_FIELDS =
      Set.of("apiVersion", "metadata", "spec", "status");

  private SnakeCase() {}

  /** {@code builder} naming every property of Bulwark's own types in snake_case. */
  public static JsonMapper.Builder naming(JsonMapper.Builder builder) {
    return builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  }

  /** {@code name} in snake_case: {@code lastBackupJobId} becomes {@code last_backup_job_id}. */
  public static String of(String name) {
    return PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(name);
  }

  /**
   * A copy of {@code document} whose object keys are snake_case, except the values of Kubernetes
   * fields ({@code apiVersion}, {@code metadata}, {@code spec}, {@code status}), which are copied
   * unchanged. A document already in snake_case comes back equal.
   */
  public static JsonNode keysOf(JsonNode document) {
    if (document == null) {
      return null;
    }
    if (document.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : document.properties()) {
        if (KUBERNETES_FIELDS.contains(field.getKey())) {
          copy.set(field.getKey(), field.getValue().deepCopy());
        } else {
          // A snake_case key of the same name wins over its legacy camelCase spelling.
          String key = of(field.getKey());
          if (!copy.has(key) || key.equals(field.getKey())) {
            copy.set(key, keysOf(field.getValue()));
          }
        }
      }
      return copy;
    }
    if (document.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      document.forEach(element -> copy.add(keysOf(element)));
      return copy;
    }
    return document.deepCopy();
  }
}
