package dev.bulwark.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns a composed YAML node into a Jackson tree for binding. Plain scalars follow the YAML 1.2
 * core schema (as Kubernetes tooling does for JSON-compatible YAML): only {@code true}/{@code
 * false} are booleans, so {@code env: no} stays the text "no" instead of silently becoming false.
 * Quoted and block scalars are always text. Duplicate keys and recursive aliases are reported, not
 * guessed.
 */
final class YamlToJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
  private static final Pattern BOOLEAN = Pattern.compile("true|True|TRUE|false|False|FALSE");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");
  private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern INFINITY = Pattern.compile("[-+]?\\.(inf|Inf|INF)");
  private static final Pattern NAN = Pattern.compile("\\.(nan|NaN|NAN)");

  private final List<ManifestProblem> problems;
  private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());

  private YamlToJson(List<ManifestProblem> problems) {
    this.problems = problems;
  }

  /** Converts a document's root node, adding structural problems to {@code problems}. */
  static JsonNode convert(Node root, List<ManifestProblem> problems) {
    return new YamlToJson(problems).node(root, "");
  }

  private JsonNode node(Node node, String path) {
    if (node instanceof ScalarNode scalar) {
      return scalar(scalar);
    }
    if (!open.add(node)) {
      problems.add(
          ManifestProblem.error(
              fieldOrRoot(path), line(node), "an alias refers to its own parent (recursive YAML)"));
      return NODES.nullNode();
    }
    try {
      return node instanceof MappingNode mapping
          ? mapping(mapping, path)
          : sequence((SequenceNode) node, path);
    } finally {
      open.remove(node);
    }
  }

  private JsonNode mapping(MappingNode mapping, String path) {
    ObjectNode object = NODES.objectNode();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        problems.add(
            ManifestProblem.error(
                fieldOrRoot(path),
                line(tuple.getKeyNode()),
                "a key must be plain text, not a list or mapping"));
        continue;
      }
      String field = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
      if (object.has(key.getValue())) {
        problems.add(
            ManifestProblem.error(
                field,
                line(key),
                "duplicate key \"" + key.getValue() + "\": write each field once"));
        continue;
      }
      object.set(key.getValue(), node(tuple.getValueNode(), field));
    }
    return object;
  }

  private JsonNode sequence(SequenceNode sequence, String path) {
    ArrayNode array = NODES.arrayNode();
    List<Node> items = sequence.getValue();
    for (int i = 0; i < items.size(); i++) {
      array.add(node(items.get(i), path + "[" + i + "]"));
    }
    return array;
  }

  private static JsonNode scalar(ScalarNode scalar) {
    String value = scalar.getValue();
    if (!scalar.isPlain()) {
      return NODES.textNode(value);
    }
    if (NULL.matcher(value).matches()) {
      return NODES.nullNode();
    }
    if (BOOLEAN.matcher(value).matches()) {
      return NODES.booleanNode(value.equalsIgnoreCase("true"));
    }
    if (DECIMAL.matcher(value).matches()) {
      return integer(new BigInteger(value.startsWith("+") ? value.substring(1) : value));
    }
    if (OCTAL.matcher(value).matches()) {
      return integer(new BigInteger(value.substring(2), 8));
    }
    if (HEX.matcher(value).matches()) {
      return integer(new BigInteger(value.substring(2), 16));
    }
    if (FLOAT.matcher(value).matches()) {
      return NODES.numberNode(Double.parseDouble(value));
    }
    if (INFINITY.matcher(value).matches()) {
      return NODES.numberNode(
          value.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    if (NAN.matcher(value).matches()) {
      return NODES.numberNode(Double.NaN);
    }
    return NODES.textNode(value);
  }

  private static JsonNode integer(BigInteger value) {
    return value.bitLength() < 32
        ? NODES.numberNode(value.intValue())
        : value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
  }

  private static String fieldOrRoot(String path) {
    return path.isEmpty() ? "document" : path;
  }

  private static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }
}
