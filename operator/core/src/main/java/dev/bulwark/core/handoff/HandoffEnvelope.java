package dev.bulwark.core.handoff;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.api.common.Resource;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields every hand-off starts with: {@code format_version}, {@code kind}, {@code namespace}.
 */
public final class HandoffEnvelope {
  /** The format this version writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** The environment variable the pod reads its hand-off from, unless told another. */
  public static final String DEFAULT_ENV = "BULWARK_RUN";

  private HandoffEnvelope() {}

  /** A new document of {@code kind}. */
  static ObjectNode start(String kind, Optional<String> namespace) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("format_version", FORMAT_VERSION);
    node.put("kind", kind);
    namespace.ifPresent(ns -> node.put("namespace", ns));
    return node;
  }

  /** Checks the version and kind of {@code node}; returns its namespace. */
  static Optional<String> check(HandoffJson read, ObjectNode node, String kind)
      throws HandoffException {
    long version = read.integer(node, "format_version", "");
    if (version != FORMAT_VERSION) {
      throw read.error(
          "format_version",
          version + " is not supported (this bulwark reads " + FORMAT_VERSION + ")");
    }
    String found = read.text(node, "kind", "");
    if (!kind.equals(found)) {
      throw read.error("kind", found + ", but this command runs a " + kind);
    }
    return read.optionalText(node, "namespace", "");
  }

  /**
   * Whether a resource and a record belong to the hand-off's namespace: {field, reason} when not.
   */
  static Optional<String[]> sameOwner(
      Resource<?, ?> resource, Optional<String> namespace, String recordNamespace) {
    String resourceNamespace = resource.getRef().namespace();
    if (resourceNamespace != null && !Optional.of(resourceNamespace).equals(namespace)) {
      return Optional.of(
          new String[] {
            field(resource) + ".metadata.namespace",
            resourceNamespace + ", but the hand-off's namespace is " + namespace.orElse("absent")
          });
    }
    if (!Objects.equals(recordNamespace, namespace.orElse(null))) {
      return Optional.of(
          new String[] {
            "record.namespace",
            (recordNamespace == null ? "absent" : recordNamespace)
                + ", but the hand-off's namespace is "
                + namespace.orElse("absent")
          });
    }
    return Optional.empty();
  }

  private static String field(Resource<?, ?> resource) {
    return resource.getKind().equals("RestoreDrill") ? "drill" : "policy";
  }
}
