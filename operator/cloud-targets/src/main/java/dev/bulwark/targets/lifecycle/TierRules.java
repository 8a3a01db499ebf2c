package dev.bulwark.targets.lifecycle;

import dev.bulwark.engine.retention.ObjectExpiry;
import dev.bulwark.engine.retention.RetentionPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The lifecycle rules one backup policy owns on a bucket (R11, docs/format.md "Bucket lifecycle
 * rules"): one transition rule moving the policy's objects tagged {@code tier=hot} to the cold
 * storage class after {@code hotDays}, and one expiration rule per {@code expire_after_days} value
 * the engine writes ({@link ObjectExpiry#lifecycleDays()}), each deleting the objects carrying that
 * value after that many days. Every rule is filtered on the key prefix and the tag {@code
 * policy=<name>}, so policies sharing a bucket and an env never touch each other's rules.
 *
 * @param keyPrefix the policy's key prefix relative to the target ({@code backups/{env}/})
 * @param policy the policy name, as the engine tags each object with it
 * @param hotDays days an object stays in the hot storage class
 * @param coldStorageClass the cold class asked for; empty keeps the class the bucket's rule already
 *     has, or the store's default for a new rule
 * @param expirationDays the {@code expire_after_days} values the policy's objects carry
 */
public record TierRules(
    String keyPrefix,
    String policy,
    int hotDays,
    Optional<String> coldStorageClass,
    SortedSet<Integer> expirationDays) {

  /** The prefix of every rule id Bulwark owns. */
  public static final String RULE_ID_PREFIX = LifecyclePolicy.DEFAULT_RULE_ID_PREFIX;

  /** The tag naming the policy an object belongs to (written by the engine on every object). */
  public static final String POLICY_TAG = "policy";

  /**
   * Days a retired expiration rule stays after the last object it governs should have expired:
   * stores apply lifecycle asynchronously, within a day or two, and clocks may disagree.
   */
  public static final int RETIREMENT_GRACE_DAYS = 7;

  public TierRules {
    keyPrefix = keyPrefix == null ? "" : keyPrefix;
    require(!keyPrefix.startsWith("/"), "keyPrefix '" + keyPrefix + "' must not start with '/'");
    LifecyclePolicy.requireXmlSafe("keyPrefix", keyPrefix);
    require(policy != null && !policy.isBlank(), "the policy name must not be empty");
    LifecyclePolicy.requireXmlSafe("policy", policy);
    require(
        hotDays >= 1, "hotDays must be at least 1 for a bucket lifecycle (was " + hotDays + ")");
    coldStorageClass = coldStorageClass.filter(c -> !c.isBlank());
    coldStorageClass.ifPresent(c -> LifecyclePolicy.requireXmlSafe("coldStorageClass", c));
    require(!expirationDays.isEmpty(), "at least one expire_after_days value is needed");
    for (int days : expirationDays) {
      require(days >= 1, "expire_after_days values must be at least 1, was " + days);
    }
    expirationDays = Collections.unmodifiableSortedSet(new TreeSet<>(expirationDays));
  }

  /** The rules of policy {@code policy} whose objects carry the expiry tags of {@code expiry}. */
  public static TierRules of(
      String keyPrefix,
      String policy,
      int hotDays,
      Optional<String> coldStorageClass,
      ObjectExpiry expiry) {
    return new TierRules(keyPrefix, policy, hotDays, coldStorageClass, expiry.lifecycleDays());
  }

  /** The tags an object must carry to be moved by the transition rule. */
  public Map<String, String> hotTierFilter() {
    Map<String, String> tags = new TreeMap<>();
    tags.put(POLICY_TAG, policy);
    tags.put(RetentionPolicy.TIER_TAG, RetentionPolicy.HOT);
    return Collections.unmodifiableMap(tags);
  }

  /** The same rules with the cold class named in the store's own spelling. */
  public TierRules withColdStorageClass(String storageClass) {
    return new TierRules(keyPrefix, policy, hotDays, Optional.of(storageClass), expirationDays);
  }

  /**
   * The rules as they must stand on a bucket whose target keys live under {@code bucketPrefix},
   * moving objects to {@code coldClass}: the transition rule first, then expirations ascending.
   */
  List<LifecycleRule> rules(String bucketPrefix, String coldClass) {
    String prefix = bucketPrefix + keyPrefix;
    List<LifecycleRule> rules = new ArrayList<>();
    rules.add(
        new LifecycleRule(
            transitionRuleId(bucketPrefix),
            prefix,
            hotTierFilter(),
            true,
            OptionalInt.of(hotDays),
            Optional.of(coldClass),
            OptionalInt.empty()));
    for (int days : expirationDays) {
      Map<String, String> tags = new TreeMap<>();
      tags.put(POLICY_TAG, policy);
      tags.put(ObjectExpiry.TAG, Integer.toString(days));
      rules.add(
          new LifecycleRule(
              RuleIds.of(RULE_ID_PREFIX, prefix, tags),
              prefix,
              tags,
              true,
              OptionalInt.empty(),
              Optional.empty(),
              OptionalInt.of(days)));
    }
    return rules;
  }

  /**
   * The id of the transition rule on a bucket whose target keys live under {@code bucketPrefix}.
   */
  String transitionRuleId(String bucketPrefix) {
    return RuleIds.of(RULE_ID_PREFIX, bucketPrefix + keyPrefix, hotTierFilter());
  }

  /**
   * Whether {@code rule} is one of this policy's rules, current or stale: owned by Bulwark (its id
   * prefix), on the same key prefix and filtered on this policy's tag. Rules of other policies,
   * other envs and foreign rules are never this policy's.
   */
  boolean owns(LifecycleRule rule, String bucketPrefix) {
    return rule.ownedBy(RULE_ID_PREFIX)
        && rule.keyPrefix().equals(bucketPrefix + keyPrefix)
        && policy.equals(rule.tags().get(POLICY_TAG));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("lifecycle rules: " + message);
    }
  }
}
