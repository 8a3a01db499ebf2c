package dev.bulwark.core.drills;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.drill.RestoreDrill;
import java.util.Objects;

/**
 * A drill run a runtime asks for.
 *
 * @param drill the RestoreDrill
 * @param policy the BackupPolicy whose snapshots it restores
 * @param trigger schedule or manual
 */
public record DrillRequest(RestoreDrill drill, BackupPolicy policy, String trigger) {

  public DrillRequest {
    Objects.requireNonNull(drill, "drill");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(trigger, "trigger");
  }
}
