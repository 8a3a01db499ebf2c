package dev.bulwark.core.backup;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.Environment;
import java.util.Optional;

/**
 * Chooses the one target a job writes to (R7): the job's override, else the policy's {@code
 * spec.target}, else {@code BACKUP_TARGET_DEFAULT}. Never guesses and never falls back to another
 * target: when none is named, or the named one is unusable, the job fails with the reason.
 */
public final class TargetSelection {
  private final Environment environment;

  /** Reads {@code BACKUP_TARGET_DEFAULT} from {@code environment}. */
  public TargetSelection(Environment environment) {
    this.environment = environment;
  }

  /** The provider the job writes to; throws with an actionable message when none is named. */
  public TargetProvider select(BackupPolicy policy, Optional<TargetProvider> override)
      throws JobSetupException {
    if (override.isPresent()) {
      return override.get();
    }
    if (policy.getSpec().getTarget() != null) {
      return policy.getSpec().getTarget();
    }
    try {
      return environment
          .targetDefault()
          .orElseThrow(
              () ->
                  new JobSetupException(
                      "BackupPolicy/"
                          + policy.getRef().name()
                          + ": no target named: set spec.target, pass --target, or set "
                          + Environment.BACKUP_TARGET_DEFAULT
                          + " (one of "
                          + WireNames.allOf(TargetProvider.class)
                          + ")"));
    } catch (IllegalArgumentException e) {
      throw new JobSetupException(e.getMessage());
    }
  }

  /**
   * The target a failed job may switch to: {@code spec.fallbackTarget}, only when {@code
   * BACKUP_SINGLE_TARGET_ENFORCED=0} and it differs from the failed one. Callers must record and
   * alert every switch.
   */
  public Optional<TargetProvider> fallbackFor(BackupPolicy policy, TargetProvider failed) {
    TargetProvider fallback = policy.getSpec().getFallbackTarget();
    if (fallback == null || fallback == failed || environment.singleTargetEnforced()) {
      return Optional.empty();
    }
    return Optional.of(fallback);
  }
}
