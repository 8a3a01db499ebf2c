package dev.bulwark.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Holds every {@code --json} output the tests see to the one casing rule (docs/status-files.md,
 * "Field names"): Bulwark's own fields are snake_case; a Kubernetes object or part of one keeps its
 * camelCase.
 */
final class JsonCasing {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Keys whose values are Kubernetes objects or fields of one, left as the API spells them. */
  private static final Set<String> KUBERNETES_FIELDS =
      Set.of("apiVersion", "metadata", "spec", "status");

  /** A lowercase start followed by an uppercase letter and no separator: {@code jobId}. */
  private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*");

  private JsonCasing() {}

  /**
   * Fails when {@code stdout} of {@code command}, one or more JSON documents, names a field of
   * Bulwark's own in camelCase. Output that is not JSON (a usage error) is left to the test.
   */
  static void assertSnakeCase(String command, String stdout) {
    if (stdout.isBlank()) {
      return;
    }
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(stdout)) {
      it.forEachRemaining(documents::add);
    } catch (JsonProcessingException | RuntimeException notJson) {
      return;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    List<String> camel = new ArrayList<>();
    documents.forEach(document -> collectCamelCase(document, "", camel));
    if (!camel.isEmpty()) {
      throw new AssertionError(
          "bulwark " + command + " --json names fields in camelCase, not snake_case: " + camel);
    }
  }

  private static void collectCamelCase(JsonNode node, String path, List<String> camel) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String at = path + "/" + field.getKey();
        if (KUBERNETES_FIELDS.contains(field.getKey())) {
          continue;
        }
        if (CAMEL_CASE.matcher(field.getKey()).matches()) {
          camel.add(at);
        }
        collectCamelCase(field.getValue(), at, camel);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectCamelCase(node.get(i), path + "/" + i, camel);
      }
    }
  }
}
