package dev.bulwark.targets.lifecycle;

import dev.bulwark.targets.lifecycle.RuleChange.Kind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The difference between a bucket's rules and a policy's {@link TierRules}: one {@link RuleChange}
 * per rule the policy owns, the rules to write and the ids to delete. Rules the policy does not own
 * (foreign rules, other policies' rules) never appear in it.
 *
 * <p>A stale rule with an expiration (its {@code expire_after_days} value is no longer written,
 * after {@code coldDays} or the cycle bound changed) is not deleted at once: objects written while
 * it was wanted carry its tag and would never expire. It is retired instead: rewritten as {@code
 * <id>@retired-<today>}, and removed once {@code today > retired + its days + }{@link
 * TierRules#RETIREMENT_GRACE_DAYS}, when every object it governs has expired. Stale rules without
 * an expiration are removed at once.
 *
 * @param changes one entry per rule the policy owns or wants, wanted rules first
 * @param toWrite rules to add or overwrite (by id)
 * @param toDelete ids of rules to delete
 */
public record LifecyclePlan(
    List<RuleChange> changes, List<LifecycleRule> toWrite, Set<String> toDelete) {

  public LifecyclePlan {
    changes = List.copyOf(changes);
    toWrite = List.copyOf(toWrite);
    toDelete = Collections.unmodifiableSet(new LinkedHashSet<>(toDelete));
  }

  /**
   * Plans the reconcile of {@code current} (as read, bucket-level prefixes) towards {@code wanted}
   * on a bucket whose target keys live under {@code bucketPrefix}.
   *
   * @param today the UTC date retirements are stamped with and measured from
   * @param defaultColdClass the store's cold class when neither {@code wanted} nor the bucket names
   *     one
   */
  public static LifecyclePlan between(
      List<LifecycleRule> current,
      TierRules wanted,
      String bucketPrefix,
      LocalDate today,
      String defaultColdClass) {
    Map<String, LifecycleRule> byId = new LinkedHashMap<>();
    current.forEach(rule -> byId.putIfAbsent(rule.id(), rule));
    String coldClass = coldClass(byId, wanted, bucketPrefix, defaultColdClass);
    List<RuleChange> changes = new ArrayList<>();
    List<LifecycleRule> toWrite = new ArrayList<>();
    Set<String> toDelete = new LinkedHashSet<>();
    Set<String> wantedIds = new HashSet<>();
    for (LifecycleRule rule : wanted.rules(bucketPrefix, coldClass)) {
      wantedIds.add(rule.id());
      LifecycleRule existing = byId.get(rule.id());
      if (existing == null) {
        changes.add(new RuleChange(rule.id(), Kind.CREATED, rule.describe()));
        toWrite.add(rule);
      } else if (existing.equals(rule)) {
        changes.add(new RuleChange(rule.id(), Kind.UNCHANGED, rule.describe()));
      } else {
        changes.add(
            new RuleChange(
                rule.id(), Kind.REPLACED, rule.describe() + " (was " + existing.describe() + ")"));
        toWrite.add(rule);
      }
    }
    for (LifecycleRule stale : byId.values()) {
      if (wantedIds.contains(stale.id()) || !wanted.owns(stale, bucketPrefix)) {
        continue;
      }
      Optional<RuleIds.Retired> retired = RuleIds.parseRetired(stale.id());
      if (retired.isPresent()) {
        changes.add(retiredRule(stale, retired.get(), wantedIds, today, toDelete));
      } else if (stale.expirationDays().isPresent()) {
        String retiredId = RuleIds.retired(stale.id(), today);
        toDelete.add(stale.id());
        if (!byId.containsKey(retiredId)) {
          toWrite.add(stale.withId(retiredId));
        }
        changes.add(
            new RuleChange(
                stale.id(),
                Kind.RETIRED,
                stale.describe()
                    + "; no longer written, kept as "
                    + retiredId
                    + " until its objects have expired"));
      } else {
        toDelete.add(stale.id());
        changes.add(
            new RuleChange(stale.id(), Kind.REMOVED, stale.describe() + "; no longer wanted"));
      }
    }
    return new LifecyclePlan(changes, toWrite, toDelete);
  }

  /** Whether applying the plan writes the bucket's rules at all. */
  public boolean changesBucket() {
    return !toWrite.isEmpty() || !toDelete.isEmpty();
  }

  /**
   * Whether every wanted rule already stands as wanted: nothing to create or replace. Stale rules
   * still to retire or remove do not stop the wanted ones from working.
   */
  public boolean rulesInPlace() {
    return changes.stream().noneMatch(c -> c.kind() == Kind.CREATED || c.kind() == Kind.REPLACED);
  }

  private static RuleChange retiredRule(
      LifecycleRule rule,
      RuleIds.Retired retired,
      Set<String> wantedIds,
      LocalDate today,
      Set<String> toDelete) {
    if (wantedIds.contains(retired.id())) {
      toDelete.add(rule.id());
      return new RuleChange(
          rule.id(),
          Kind.REMOVED,
          rule.describe() + "; its rule " + retired.id() + " is wanted again");
    }
    if (rule.expirationDays().isEmpty()) {
      toDelete.add(rule.id());
      return new RuleChange(rule.id(), Kind.REMOVED, rule.describe() + "; expires nothing");
    }
    LocalDate removable =
        retired
            .on()
            .plusDays(rule.expirationDays().getAsInt() + (long) TierRules.RETIREMENT_GRACE_DAYS);
    if (today.isAfter(removable)) {
      toDelete.add(rule.id());
      return new RuleChange(
          rule.id(),
          Kind.REMOVED,
          rule.describe() + "; every object it governs expired before " + removable);
    }
    return new RuleChange(
        rule.id(),
        Kind.UNCHANGED,
        rule.describe()
            + "; retired, kept until its objects have expired (after "
            + removable
            + ")");
  }

  /** The wanted class, else the one the policy's transition rule already has, else the default. */
  private static String coldClass(
      Map<String, LifecycleRule> byId,
      TierRules wanted,
      String bucketPrefix,
      String defaultColdClass) {
    if (wanted.coldStorageClass().isPresent()) {
      return wanted.coldStorageClass().get();
    }
    LifecycleRule existing = byId.get(wanted.transitionRuleId(bucketPrefix));
    if (existing != null && existing.transitionStorageClass().isPresent()) {
      return existing.transitionStorageClass().get();
    }
    return defaultColdClass;
  }
}
