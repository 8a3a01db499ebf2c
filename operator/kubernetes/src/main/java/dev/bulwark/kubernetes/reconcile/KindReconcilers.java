package dev.bulwark.kubernetes.reconcile;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.RuntimeServices;
import java.time.Clock;

/**
 * Picks the reconciler subclass of a core controller's kind. A new kind needs a subclass of {@link
 * CoreReconciler} and a line here; an unknown kind fails registration with a message saying so.
 */
public final class KindReconcilers {
  private KindReconcilers() {}

  /**
   * The reconciler that adapts this controller.
   *
   * @throws IllegalArgumentException when the runtime has no reconciler for the controller's kind
   */
  public static CoreReconciler<?, ?, ?> forController(
      Controller<?, ?> controller, Clock clock, EventRecorder events, RuntimeServices services) {
    Class<?> type = controller.resourceType();
    if (type == BackupPolicy.class) {
      return new BackupPolicyReconciler(typed(controller), clock, events, services);
    }
    if (type == RestoreDrill.class) {
      return new RestoreDrillReconciler(typed(controller), clock, events, services);
    }
    if (type == MigrationPlan.class) {
      return new MigrationPlanReconciler(typed(controller), clock, events, services);
    }
    if (type == ReplayPlan.class) {
      return new ReplayPlanReconciler(typed(controller), clock, events, services);
    }
    throw new IllegalArgumentException(
        "The Kubernetes runtime has no reconciler for kind "
            + controller.kind()
            + " ("
            + type.getName()
            + "): add a CoreReconciler subclass for it to dev.bulwark.kubernetes.reconcile and"
            + " list it in KindReconcilers");
  }

  // Safe: resourceType() was checked above, and a controller's status type follows its kind.
  @SuppressWarnings("unchecked")
  private static <P extends Resource<?, S>, S> Controller<P, S> typed(Controller<?, ?> controller) {
    return (Controller<P, S>) controller;
  }
}
