package dev.bulwark.targets.lifecycle;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.Retention;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.Environment;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.LifecycleReport;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.backup.TargetLifecycle;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.retention.ObjectExpiry;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lifecycle of a policy's S3 or OSS bucket (R11, R22): reconciles the rules the policy owns
 * ({@link TierRules}: a transition after {@code hotDays}, one expiration per {@code
 * expire_after_days} value the engine writes) and checks that no object of the policy is still hot
 * past its hot window. The local target has no lifecycle: the operator prunes it.
 */
public final class CloudTargetLifecycle implements TargetLifecycle {
  /**
   * How long past {@code hotDays} an object may stay hot: stores apply rules within a day or two.
   */
  static final Duration HOT_WINDOW_GRACE = Duration.ofDays(2);

  /** How many overdue objects a report names. */
  static final int OVERDUE_EXAMPLES = 5;

  private final PolicyRepositories repositories;
  private final Environment environment;
  private final Optional<String> coldStorageClass;
  private final Clock clock;

  /**
   * A lifecycle on the targets of {@code repositories}; {@code coldStorageClass} empty keeps the
   * class the bucket's rule already has (the store's default for a new rule: S3 STANDARD_IA, OSS
   * IA), so a runtime's reconcile never undoes a class chosen with {@code bulwark lifecycle
   * --cold-class}.
   */
  public CloudTargetLifecycle(
      PolicyRepositories repositories,
      Environment environment,
      Optional<String> coldStorageClass,
      Clock clock) {
    this.repositories = repositories;
    this.environment = environment;
    this.coldStorageClass = coldStorageClass;
    this.clock = clock;
  }

  @Override
  public LifecycleReport reconcile(BackupPolicy policy, TargetProvider provider, boolean apply)
      throws JobSetupException {
    if (provider == TargetProvider.LOCAL) {
      return new LifecycleReport(
          true,
          "the local target has no bucket lifecycle: the operator prunes expired snapshots"
              + " (bulwark prune)",
          List.of());
    }
    String name = policy.getRef().name();
    Repository repository = repositories.openOn(policy, provider).repository();
    try (Target target = repository.target()) {
      if (!(target instanceof TieredTarget tiered)) {
        throw new JobSetupException(
            "target "
                + WireNames.of(provider)
                + " of BackupPolicy/"
                + name
                + " has no bucket lifecycle");
      }
      TierRules rules = tierRules(policy, repository);
      LifecyclePlan plan =
          tiered
              .lifecycle()
              .reconcile(rules, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), apply);
      HotTierReport overdue =
          new HotTierCheck(target, tiered, clock).check(rules, HOT_WINDOW_GRACE, OVERDUE_EXAMPLES);
      return report(tiered.describe(), name, rules, plan, overdue, apply);
    } catch (IOException e) {
      throw new JobSetupException(
          "lifecycle of BackupPolicy/"
              + name
              + " on target "
              + WireNames.of(provider)
              + ": "
              + e.getMessage(),
          e);
    } catch (IllegalArgumentException e) {
      throw new JobSetupException("BackupPolicy/" + name + ": " + e.getMessage(), e);
    }
  }

  private TierRules tierRules(BackupPolicy policy, Repository repository) throws JobSetupException {
    ObjectExpiry expiry =
        repository
            .objectExpiry()
            .orElseThrow(
                () ->
                    new JobSetupException(
                        "BackupPolicy/"
                            + policy.getRef().name()
                            + ": its objects carry no expire_after_days tag to build rules from"));
    Retention retention = policy.getSpec().getRetention();
    int hotDays =
        retention != null && retention.getHotDays() != null
            ? retention.getHotDays()
            : environment.hotDays();
    return TierRules.of(
        repository.layout().root(),
        repository.layout().policy(),
        hotDays,
        coldStorageClass,
        expiry);
  }

  private static LifecycleReport report(
      String where,
      String policy,
      TierRules rules,
      LifecyclePlan plan,
      HotTierReport overdue,
      boolean applied) {
    List<String> details = new ArrayList<>();
    plan.changes().forEach(change -> details.add(change.describe(applied)));
    for (StoredObject object : overdue.stillHot()) {
      details.add(
          "still hot: "
              + object.key()
              + " ("
              + object.storageClass()
              + ", written "
              + object.lastModified()
              + ")");
    }
    boolean rulesInPlace = applied || plan.rulesInPlace();
    if (!rulesInPlace) {
      long wrong =
          plan.changes().stream()
              .filter(
                  c -> c.kind() == RuleChange.Kind.CREATED || c.kind() == RuleChange.Kind.REPLACED)
              .count();
      return new LifecycleReport(
          false,
          "lifecycle not in effect on "
              + where
              + ": "
              + wrong
              + " rule(s) of BackupPolicy/"
              + policy
              + " missing or different; run bulwark lifecycle --policy "
              + policy,
          details);
    }
    if (!overdue.lifecycleInEffect()) {
      return new LifecycleReport(
          false,
          "lifecycle not in effect on "
              + where
              + ": objects of BackupPolicy/"
              + policy
              + " are still hot more than "
              + rules.hotDays()
              + " days (+"
              + HOT_WINDOW_GRACE.toDays()
              + " days grace) after they were written, e.g. "
              + overdue.stillHot().get(0).key(),
          details);
    }
    long changed =
        plan.changes().stream().filter(c -> c.kind() != RuleChange.Kind.UNCHANGED).count();
    return new LifecycleReport(
        true,
        "lifecycle in effect on "
            + where
            + ": rules of BackupPolicy/"
            + policy
            + " in place ("
            + (applied ? changed + " changed" : "checked")
            + "), no object overdue in the hot tier ("
            + overdue.examined()
            + " examined)",
        details);
  }
}
