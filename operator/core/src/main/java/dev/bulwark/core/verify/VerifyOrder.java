package dev.bulwark.core.verify;

import dev.bulwark.api.backup.BackupPolicy;
import java.util.Objects;

/**
 * A periodic verify a runtime asks for.
 *
 * @param policy the BackupPolicy whose repository is verified, with its sample settings
 * @param trigger schedule, corrupt-snapshot or manual
 */
public record VerifyOrder(BackupPolicy policy, String trigger) {

  public VerifyOrder {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(trigger, "trigger");
  }
}
