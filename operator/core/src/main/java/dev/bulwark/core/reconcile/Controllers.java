package dev.bulwark.core.reconcile;

import dev.bulwark.core.Environment;
import java.util.List;

/** The controllers every runtime serves, wired once so both runtimes serve the same set. */
public final class Controllers {
  private Controllers() {}

  /**
   * One controller per kind: BackupPolicy, RestoreDrill, MigrationPlan, ReplayPlan, in that order.
   */
  public static List<Controller<?, ?>> standard(Environment environment) {
    return List.of(
        new BackupPolicyController(environment),
        new RestoreDrillController(environment),
        new MigrationPlanController(environment),
        new ReplayPlanController(environment));
  }
}
