package dev.bulwark.core.backup;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.TargetProvider;

/**
 * Keeps the hot/cold lifecycle of a policy's target in effect (R11, R22): for a bucket, reconciles
 * the lifecycle rules Bulwark owns and checks that objects past the hot window have moved; a
 * runtime without such a target reports why there is nothing to reconcile.
 */
@FunctionalInterface
public interface TargetLifecycle {

  /**
   * Reconciles (when {@code apply}) and checks the lifecycle of {@code policy}'s store on {@code
   * provider}.
   *
   * @throws JobSetupException when the target cannot be opened or refuses the lifecycle calls
   */
  LifecycleReport reconcile(BackupPolicy policy, TargetProvider provider, boolean apply)
      throws JobSetupException;
}
