package dev.bulwark.core.metrics;

import java.util.Comparator;
import java.util.Objects;

/**
 * The {@code namespace} and name labels that tell one resource's series from another's: two
 * policies of one name in two namespaces are two resources.
 *
 * @param namespace the namespace, {@code ""} in compose mode
 * @param name the policy's or plan's name
 */
public record ResourceKey(String namespace, String name) implements Comparable<ResourceKey> {
  private static final Comparator<ResourceKey> ORDER =
      Comparator.comparing(ResourceKey::namespace).thenComparing(ResourceKey::name);

  public ResourceKey {
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(name, "name");
  }

  @Override
  public int compareTo(ResourceKey other) {
    return ORDER.compare(this, other);
  }
}
