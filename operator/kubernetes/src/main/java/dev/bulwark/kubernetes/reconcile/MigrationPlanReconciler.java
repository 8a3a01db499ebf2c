package dev.bulwark.kubernetes.reconcile;

import dev.bulwark.api.crd.CustomResources;
import dev.bulwark.api.crd.MigrationPlanResource;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.migration.MigrationPlanStatus;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.RuntimeServices;
import java.time.Clock;

/**
 * Runs the core's MigrationPlan controller under java-operator-sdk; its type arguments name the
 * kind.
 */
public final class MigrationPlanReconciler
    extends CoreReconciler<MigrationPlanResource, MigrationPlan, MigrationPlanStatus> {

  /** Adapts this controller, stamping reconciles with the clock and recording Events. */
  public MigrationPlanReconciler(
      Controller<MigrationPlan, MigrationPlanStatus> controller,
      Clock clock,
      EventRecorder events,
      RuntimeServices services) {
    super(controller, CustomResources::toPlain, MigrationPlanStatus::new, clock, events, services);
  }
}
