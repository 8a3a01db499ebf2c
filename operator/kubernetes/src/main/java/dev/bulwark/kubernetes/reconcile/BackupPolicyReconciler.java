package dev.bulwark.kubernetes.reconcile;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.api.crd.CustomResources;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.RuntimeServices;
import java.time.Clock;

/**
 * Runs the core's BackupPolicy controller under java-operator-sdk; its type arguments name the
 * kind.
 */
public final class BackupPolicyReconciler
    extends CoreReconciler<BackupPolicyResource, BackupPolicy, BackupPolicyStatus> {

  /** Adapts this controller, stamping reconciles with the clock and recording Events. */
  public BackupPolicyReconciler(
      Controller<BackupPolicy, BackupPolicyStatus> controller,
      Clock clock,
      EventRecorder events,
      RuntimeServices services) {
    super(controller, CustomResources::toPlain, BackupPolicyStatus::new, clock, events, services);
  }
}
