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

  /** The same rule under another id. */
  public LifecycleRule withId(String newId) {
    return new LifecycleRule(
        newId, keyPrefix, tags, enabled, transitionDays, transitionStorageClass, expirationDays);
  }

  /** What the rule does, for people: its filter and actions. */
  public String describe() {
    StringBuilder text = new StringBuilder("prefix '").append(keyPrefix).append("'");
    if (!tags.isEmpty()) {
      text.append(" tags ").append(tags);
    }
    transitionDays.ifPresent(
        days ->
            text.append(": to ")
                .append(transitionStorageClass.orElse("?"))
                .append(" after ")
                .append(days)
                .append(" days"));
    expirationDays.ifPresent(days -> text.append(": expire after ").append(days).append(" days"));
    if (!enabled) {
      text.append(" (disabled)");
    }
    return text.toString();
  }
}
