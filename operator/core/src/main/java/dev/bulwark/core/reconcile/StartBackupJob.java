package dev.bulwark.core.reconcile;

import dev.bulwark.core.jobs.JobOrder;

/**
 * Start a backup job of the reconciled policy now. Runtimes hand it to their job executor, which
 * ignores it when a job of the policy is already active.
 *
 * @param order what the job must do
 */
public record StartBackupJob(JobOrder order) implements Action {}
