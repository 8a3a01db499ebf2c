package dev.bulwark.core.overview;

import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.Conditions;
import dev.bulwark.api.common.ResourceStatus;
import java.util.Optional;

/**
 * The health of one resource, judged from its status conditions only (so every reader judges the
 * same way), with the condition message that explains it.
 *
 * <p>Order matters: a deleted or invalid declaration says so whatever its old conditions were; a
 * BackupPolicy with two failed jobs in a row, or whose periodic verify failed, is failing even
 * though it is still Ready (scheduled); stale data, missed objectives and a first failed job are
 * warnings.
 *
 * @param health the verdict
 * @param reason why, in one line (a condition message); empty for a healthy resource
 */
public record ResourceHealth(Health health, String reason) {
  /** The periodic verify's condition on a BackupPolicy. */
  static final String VERIFIED = "Verified";

  /** The health of {@code view}. */
  public static ResourceHealth of(ResourceView view) {
    if (view.deleted()) {
      return new ResourceHealth(
          Health.DELETED, "no longer declared; the last status is kept as a record");
    }
    if (view.status() == null) {
      return new ResourceHealth(Health.PENDING, "not reconciled yet");
    }
    Conditions conditions = view.status().conditions();
    if (conditions.isFalse(ConditionType.VALID)) {
      return new ResourceHealth(Health.INVALID, message(conditions, ConditionType.VALID));
    }
    if (conditions.isFalse(ConditionType.READY)) {
      return new ResourceHealth(Health.FAILING, message(conditions, ConditionType.READY));
    }
    return switch (view.kind()) {
      case ResourceView.BACKUP_POLICY -> policy(conditions, view.status());
      case ResourceView.RESTORE_DRILL -> drill(conditions);
      default -> plan(conditions);
    };
  }

  private static ResourceHealth policy(Conditions conditions, ResourceStatus status) {
    if (conditions.isFalse(ConditionType.HEALTHY)) {
      return new ResourceHealth(Health.FAILING, message(conditions, ConditionType.HEALTHY));
    }
    // A failed periodic verify means a stored snapshot is damaged: as serious as failing backups.
    Optional<Condition> verified = byName(status, VERIFIED);
    if (verified.isPresent() && "False".equals(verified.get().getStatus())) {
      return new ResourceHealth(Health.FAILING, "verify failed: " + verified.get().getMessage());
    }
    if (conditions.isFalse(ConditionType.FRESH)) {
      return new ResourceHealth(
          Health.WARNING, "stale: " + message(conditions, ConditionType.FRESH));
    }
    if (conditions.isFalse(ConditionType.TARGET_REACHABLE)) {
      return new ResourceHealth(
          Health.WARNING, message(conditions, ConditionType.TARGET_REACHABLE));
    }
    if (status instanceof BackupPolicyStatus policy
        && policy.getConsecutiveFailures() != null
        && policy.getConsecutiveFailures() > 0) {
      return new ResourceHealth(Health.WARNING, message(conditions, ConditionType.HEALTHY));
    }
    if (conditions.isFalse(ConditionType.LIFECYCLE_EFFECTIVE)) {
      return new ResourceHealth(
          Health.WARNING, message(conditions, ConditionType.LIFECYCLE_EFFECTIVE));
    }
    if (!conditions.isTrue(ConditionType.FRESH)) {
      return new ResourceHealth(Health.PENDING, message(conditions, ConditionType.FRESH));
    }
    return new ResourceHealth(Health.HEALTHY, "");
  }

  private static ResourceHealth drill(Conditions conditions) {
    if (conditions.isFalse(ConditionType.SUCCEEDED)) {
      return new ResourceHealth(Health.FAILING, message(conditions, ConditionType.SUCCEEDED));
    }
    if (conditions.isFalse(ConditionType.OBJECTIVES_MET)) {
      return new ResourceHealth(
          Health.WARNING,
          "objectives missed: " + message(conditions, ConditionType.OBJECTIVES_MET));
    }
    if (!conditions.isTrue(ConditionType.SUCCEEDED)) {
      return new ResourceHealth(Health.PENDING, message(conditions, ConditionType.SUCCEEDED));
    }
    return new ResourceHealth(Health.HEALTHY, "");
  }

  private static ResourceHealth plan(Conditions conditions) {
    if (conditions.isFalse(ConditionType.SUCCEEDED)) {
      return new ResourceHealth(Health.FAILING, message(conditions, ConditionType.SUCCEEDED));
    }
    if (!conditions.isTrue(ConditionType.SUCCEEDED)) {
      return new ResourceHealth(Health.PENDING, message(conditions, ConditionType.SUCCEEDED));
    }
    return new ResourceHealth(Health.HEALTHY, "");
  }

  /** A condition by its wire name, for types this build may not know yet. */
  private static Optional<Condition> byName(ResourceStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static String message(Conditions conditions, ConditionType type) {
    Optional<Condition> condition = conditions.get(type);
    return condition
        .map(Condition::getMessage)
        .filter(m -> m != null && !m.isBlank())
        .orElseGet(
            () -> condition.map(Condition::getReason).orElse(type.wireName() + " not reported"));
  }
}
