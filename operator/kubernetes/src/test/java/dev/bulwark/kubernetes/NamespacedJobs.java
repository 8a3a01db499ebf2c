package dev.bulwark.kubernetes;

import dev.bulwark.core.jobs.JobRecord;

/** Job records as the jobs of a policy in a namespace write them (the core fixtures have none). */
final class NamespacedJobs {
  private NamespacedJobs() {}

  /** {@code r}, written by a job of a policy in {@code namespace}. */
  static JobRecord in(String namespace, JobRecord r) {
    return new JobRecord(
        r.jobId(),
        r.policy(),
        namespace,
        r.requestedType(),
        r.snapshotType(),
        r.target(),
        r.trigger(),
        r.actor(),
        r.attempt(),
        r.state(),
        r.createdAt(),
        r.startedAt(),
        r.finishedAt(),
        r.files(),
        r.bytes(),
        r.bytesUploaded(),
        r.labels(),
        r.error(),
        r.failureKind(),
        r.host(),
        r.pid(),
        r.retryOf(),
        r.corruptSnapshot(),
        r.corruptReason(),
        r.domains());
  }
}
