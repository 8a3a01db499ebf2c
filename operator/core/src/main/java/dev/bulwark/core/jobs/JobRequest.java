package dev.bulwark.core.jobs;

import dev.bulwark.api.backup.BackupPolicy;
import java.util.Objects;

/**
 * A backup job a runtime asks for.
 *
 * @param policy the BackupPolicy to back up
 * @param order what kind of job, why, and by whom
 */
public record JobRequest(BackupPolicy policy, JobOrder order) {

  public JobRequest {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(order, "order");
  }
}
