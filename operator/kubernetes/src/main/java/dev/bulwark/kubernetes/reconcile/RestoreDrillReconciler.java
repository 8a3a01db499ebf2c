package dev.bulwark.kubernetes.reconcile;

import dev.bulwark.api.crd.CustomResources;
import dev.bulwark.api.crd.RestoreDrillResource;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.RuntimeServices;
import java.time.Clock;

/**
 * Runs the core's RestoreDrill controller under java-operator-sdk; its type arguments name the
 * kind.
 */
public final class RestoreDrillReconciler
    extends CoreReconciler<RestoreDrillResource, RestoreDrill, RestoreDrillStatus> {

  /** Adapts this controller, stamping reconciles with the clock and recording Events. */
  public RestoreDrillReconciler(
      Controller<RestoreDrill, RestoreDrillStatus> controller,
      Clock clock,
      EventRecorder events,
      RuntimeServices services) {
    super(controller, CustomResources::toPlain, RestoreDrillStatus::new, clock, events, services);
  }
}
