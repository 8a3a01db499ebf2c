package dev.bulwark.core.validation;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.core.Environment;
import java.util.List;

/** Validates a resource of any Bulwark kind by handing it to the validator of its kind. */
public final class ResourceValidator {
  private final BackupPolicyValidator backupPolicies;
  private final RestoreDrillValidator restoreDrills;
  private final MigrationPlanValidator migrationPlans;
  private final ReplayPlanValidator replayPlans;

  /** A validator reading R12 defaults from {@code environment}. */
  public ResourceValidator(Environment environment) {
    this.backupPolicies = new BackupPolicyValidator(environment);
    this.restoreDrills = new RestoreDrillValidator(environment);
    this.migrationPlans = new MigrationPlanValidator(environment);
    this.replayPlans = new ReplayPlanValidator(environment);
  }

  /**
   * Every finding about the resource; an unknown kind is one error at {@code kind}. Never throws
   * for a bad spec.
   */
  public List<SpecProblem> validate(Resource<?, ?> resource, ResourceLookup lookup) {
    if (resource instanceof BackupPolicy policy) {
      return backupPolicies.validate(policy, lookup);
    }
    if (resource instanceof RestoreDrill drill) {
      return restoreDrills.validate(drill, lookup);
    }
    if (resource instanceof MigrationPlan plan) {
      return migrationPlans.validate(plan, lookup);
    }
    if (resource instanceof ReplayPlan plan) {
      return replayPlans.validate(plan, lookup);
    }
    return List.of(
        SpecProblem.error(
            "kind",
            "unknown kind "
                + (resource == null ? "null" : resource.getKind())
                + "; expected BackupPolicy, RestoreDrill, MigrationPlan or ReplayPlan"));
  }
}
