package dev.bulwark.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Maps a field path such as {@code spec.sources[1].path} to the line it is written on in a YAML
 * document. A path that does not exist in the document (a missing field, an index past the end)
 * resolves to the line of its nearest existing parent, so every problem points somewhere useful.
 */
public final class FieldLocator {
  private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

  private final Node root;
  private final int documentLine;

  private FieldLocator(Node root, int documentLine) {
    this.root = root;
    this.documentLine = documentLine;
  }

  /** A locator over a composed YAML document that starts at {@code documentLine}. */
  public static FieldLocator of(Node root, int documentLine) {
    return new FieldLocator(root, documentLine);
  }

  /** A locator for a document that could not be composed: every field is on its first line. */
  public static FieldLocator fixed(int documentLine) {
    return new FieldLocator(null, documentLine);
  }

  /** The 1-based line of the field, or of its nearest existing parent, or of the document. */
  public int line(String fieldPath) {
    if (root == null || fieldPath == null) {
      return documentLine;
    }
    Node current = root;
    int line = documentLine;
    for (Object segment : segments(fieldPath)) {
      if (segment instanceof String name && current instanceof MappingNode mapping) {
        NodeTuple tuple = find(mapping, name);
        if (tuple == null) {
          break;
        }
        line = tuple.getKeyNode().getStartMark().getLine() + 1;
        current = tuple.getValueNode();
      } else if (segment instanceof Integer index
          && current instanceof SequenceNode sequence
          && index < sequence.getValue().size()) {
        current = sequence.getValue().get(index);
        line = current.getStartMark().getLine() + 1;
      } else {
        break;
      }
    }
    return line;
  }

  private static NodeTuple find(MappingNode mapping, String name) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key && name.equals(key.getValue())) {
        return tuple;
      }
    }
    return null;
  }

  private static List<Object> segments(String fieldPath) {
    List<Object> segments = new ArrayList<>();
    Matcher matcher = SEGMENT.matcher(fieldPath);
    while (matcher.find()) {
      segments.add(matcher.group(1) != null ? matcher.group(1) : Integer.valueOf(matcher.group(2)));
    }
    return segments;
  }
}
