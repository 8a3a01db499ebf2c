package dev.bulwark.core.jobs;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@link BackupCadence} decided.
 *
 * @param startNow the job to start now, if one is due
 * @param nextIncremental the next incremental fire
 * @param nextFull the next full fire
 * @param retryAt when a failed scheduled job will be retried, if it will
 * @param wakeUp when to decide again
 */
public record CadencePlan(
    Optional<JobOrder> startNow,
    Instant nextIncremental,
    Instant nextFull,
    Optional<Instant> retryAt,
    Instant wakeUp) {}
