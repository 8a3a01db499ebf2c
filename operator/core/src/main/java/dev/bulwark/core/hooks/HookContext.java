package dev.bulwark.core.hooks;

import java.util.Objects;

/**
 * The job a hook runs for, passed to the hook as BULWARK_POLICY, BULWARK_JOB_ID and
 * BULWARK_SNAPSHOT_TYPE.
 *
 * @param policy the BackupPolicy name
 * @param jobId the job id
 * @param snapshotType full or incremental
 */
public record HookContext(String policy, String jobId, String snapshotType) {
  public HookContext {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(snapshotType, "snapshotType");
  }
}
