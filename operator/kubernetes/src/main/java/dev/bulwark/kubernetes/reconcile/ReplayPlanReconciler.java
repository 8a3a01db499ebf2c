package dev.bulwark.kubernetes.reconcile;

import dev.bulwark.api.crd.CustomResources;
import dev.bulwark.api.crd.ReplayPlanResource;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.api.replay.ReplayPlanStatus;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.RuntimeServices;
import java.time.Clock;

/**
 * Runs the core's ReplayPlan controller under java-operator-sdk; its type arguments name the kind.
 */
public final class ReplayPlanReconciler
    extends CoreReconciler<ReplayPlanResource, ReplayPlan, ReplayPlanStatus> {

  /** Adapts this controller, stamping reconciles with the clock and recording Events. */
  public ReplayPlanReconciler(
      Controller<ReplayPlan, ReplayPlanStatus> controller,
      Clock clock,
      EventRecorder events,
      RuntimeServices services) {
    super(controller, CustomResources::toPlain, ReplayPlanStatus::new, clock, events, services);
  }
}
