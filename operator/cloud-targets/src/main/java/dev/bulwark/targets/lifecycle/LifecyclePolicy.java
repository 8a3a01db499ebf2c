package dev.bulwark.targets.lifecycle;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * What one backup policy asks of the bucket's lifecycle: objects under {@code keyPrefix} carrying
 * every tag of {@code tagFilter} move to {@code coldStorageClass} after {@code hotDays} and expire
 * after {@code coldDays} (both counted from the object's creation). The rule it becomes is named
 * {@code ruleIdPrefix + bucket prefix + [tags]}, so each (prefix, tag filter) pair owns exactly one
 * rule and policies sharing a bucket do not overwrite each other.
 *
 * <p>Its single expiration after {@code coldDays} ignores what snapshots depend on: backup policies
 * reconcile {@link TierRules} instead, whose expirations follow each object's {@code
 * expire_after_days} tag (docs/format.md, "Retention and expiry").
 *
 * @param coldStorageClass the store's name: S3 {@code STANDARD_IA}, {@code GLACIER_IR}, {@code
 *     GLACIER}, {@code DEEP_ARCHIVE}...; OSS {@code IA}, {@code Archive}, {@code ColdArchive}
 */
public record LifecyclePolicy(
    String ruleIdPrefix,
    String keyPrefix,
    Map<String, String> tagFilter,
    int hotDays,
    int coldDays,
    String coldStorageClass) {

  /** The prefix of every rule id the operator owns. */
  public static final String DEFAULT_RULE_ID_PREFIX = "bulwark-";

  /** The tag every object written by Bulwark carries while it is meant to be hot. */
  public static final Map<String, String> HOT_TIER_TAG = Map.of("tier", "hot");

  public LifecyclePolicy {
    require(ruleIdPrefix != null && !ruleIdPrefix.isBlank(), "ruleIdPrefix must not be empty");
    keyPrefix = keyPrefix == null ? "" : keyPrefix;
    require(!keyPrefix.startsWith("/"), "keyPrefix '" + keyPrefix + "' must not start with '/'");
    tagFilter = java.util.Collections.unmodifiableMap(new TreeMap<>(tagFilter));
    require(hotDays >= 1, "hotDays must be at least 1, was " + hotDays);
    require(
        coldDays > hotDays,
        "coldDays (" + coldDays + ") must be greater than hotDays (" + hotDays + ")");
    require(
        coldStorageClass != null && !coldStorageClass.isBlank(),
        "coldStorageClass must name the store's cold storage class");
    // The OSS SDK writes rule ids, prefixes and tags into XML without escaping them.
    requireXmlSafe("ruleIdPrefix", ruleIdPrefix);
    requireXmlSafe("keyPrefix", keyPrefix);
    for (Map.Entry<String, String> tag : tagFilter.entrySet()) {
      requireXmlSafe("tag key", tag.getKey());
      requireXmlSafe("tag value", tag.getValue());
    }
  }

  /** The usual policy: the rule id prefix {@code bulwark-} and the filter {@code tier=hot}. */
  public static LifecyclePolicy hotTier(
      String keyPrefix, int hotDays, int coldDays, String coldStorageClass) {
    return new LifecyclePolicy(
        DEFAULT_RULE_ID_PREFIX, keyPrefix, HOT_TIER_TAG, hotDays, coldDays, coldStorageClass);
  }

  /** The id of this policy's rule on a bucket whose target keys live under {@code bucketPrefix}. */
  public String ruleId(String bucketPrefix) {
    return RuleIds.of(ruleIdPrefix, bucketPrefix + keyPrefix, tagFilter);
  }

  /** The rule this policy becomes on a bucket whose target keys live under {@code bucketPrefix}. */
  public LifecycleRule toRule(String bucketPrefix) {
    return new LifecycleRule(
        ruleId(bucketPrefix),
        bucketPrefix + keyPrefix,
        tagFilter,
        true,
        OptionalInt.of(hotDays),
        Optional.of(coldStorageClass),
        OptionalInt.of(coldDays));
  }

  static void requireXmlSafe(String field, String value) {
    require(value != null, field + " must not be null");
    for (char c : value.toCharArray()) {
      if (c == '<' || c == '>' || c == '&' || c == '"' || c == '\'' || Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            field + " '" + value + "' contains '" + c + "', which lifecycle rules cannot carry");
      }
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("lifecycle policy: " + message);
    }
  }
}
