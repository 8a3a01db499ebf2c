package dev.bulwark.compose;

import dev.bulwark.manifests.ResourceKind;
import java.util.Comparator;

/**
 * The identity of a resource in compose mode: kind and name (names are global, no namespaces).
 * Orders BackupPolicies first, so the resources that refer to them see them up to date.
 */
record ResourceKey(ResourceKind kind, String name) implements Comparable<ResourceKey> {
  private static final Comparator<ResourceKey> ORDER =
      Comparator.comparing(ResourceKey::kind).thenComparing(ResourceKey::name);

  @Override
  public int compareTo(ResourceKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return kind.kind() + "/" + name;
  }
}
