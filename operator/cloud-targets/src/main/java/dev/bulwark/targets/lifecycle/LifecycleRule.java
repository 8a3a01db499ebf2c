package dev.bulwark.targets.lifecycle;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * One lifecycle rule of a bucket as Bulwark reads it: the objects it applies to (key prefix and
 * tags, all of which must match), its first transition and its expiration. Rules with shapes
 * Bulwark does not write (dates, several transitions, versions) are reported by their first
 * transition only; they are never rewritten.
 */
public record LifecycleRule(
    String id,
    String keyPrefix,
    Map<String, String> tags,
    boolean enabled,
    OptionalInt transitionDays,
    Optional<String> transitionStorageClass,
    OptionalInt expirationDays) {

  public LifecycleRule {
    keyPrefix = keyPrefix == null ? "" : keyPrefix;
    tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
  }

  /** Whether the operator owns this rule: its id starts with {@code ruleIdPrefix}. */
  public boolean ownedBy(String ruleIdPrefix) {
    return id != null && id.startsWith(ruleIdPrefix);
  }
}
