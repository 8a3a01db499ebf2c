package dev.bulwark.core.jobs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bulwark.core.runs.RunPhase;
import dev.bulwark.core.runs.RunRecord;
import dev.bulwark.engine.backup.BackupResult.DomainTotals;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One backup job, as written to {@code <state>/jobs/<policy>/<job_id>.json} at every change of
 * state. The job id is chosen before the job starts and becomes the snapshot's id.
 *
 * @param jobId the job (and snapshot) id
 * @param policy the BackupPolicy name
 * @param namespace the policy's namespace; empty in compose mode
 * @param requestedType {@code full} or {@code incremental}, as asked
 * @param snapshotType the type the engine took (the first snapshot of a cycle is full); null until
 *     done
 * @param target the single target the job wrote to
 * @param trigger schedule, manual or pre-upgrade
 * @param actor who asked: {@code controller}, or {@code cli:<os user>}
 * @param attempt 1 for a first try, counting up for retries of a failed scheduled job
 * @param state pending, running, success, failed or canceled
 * @param createdAt when the job was recorded
 * @param startedAt when it took the lock; null while pending
 * @param finishedAt when it ended; null until then
 * @param files files in the snapshot
 * @param bytes bytes in the snapshot
 * @param bytesUploaded bytes written to the target
 * @param labels snapshot labels (pre-upgrade, fallback-from-...)
 * @param error why it failed or was canceled; never contains a secret
 * @param failureKind the class of that error
 * @param host the host that ran it
 * @param pid the process that ran it
 * @param retryOf the job this one retries (the previous attempt of the same scheduled run); null
 *     for a first attempt
 * @param corruptSnapshot the newest snapshot, whose manifest (or its full's) this job found
 *     unreadable or corrupt, so it took a full instead of an incremental; null otherwise
 * @param corruptReason why that snapshot is unusable, as the repository said
 * @param domains files and bytes per data domain of the whole snapshot (unchanged files of an
 *     incremental included); set on success, for the metrics to resume from after a restart
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true) // records written by a newer version stay readable
public record JobRecord(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("policy") String policy,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("requested_type") String requestedType,
    @JsonProperty("snapshot_type") String snapshotType,
    @JsonProperty("target") String target,
    @JsonProperty("trigger") JobTrigger trigger,
    @JsonProperty("actor") String actor,
    @JsonProperty("attempt") int attempt,
    @JsonProperty("state") JobState state,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("finished_at") Instant finishedAt,
    @JsonProperty("files") Long files,
    @JsonProperty("bytes") Long bytes,
    @JsonProperty("bytes_uploaded") Long bytesUploaded,
    @JsonProperty("labels") List<String> labels,
    @JsonProperty("error") String error,
    @JsonProperty("failure_kind") FailureKind failureKind,
    @JsonProperty("host") String host,
    @JsonProperty("pid") Long pid,
    @JsonProperty("retry_of") String retryOf,
    @JsonProperty("corrupt_snapshot") String corruptSnapshot,
    @JsonProperty("corrupt_reason") String corruptReason,
    @JsonProperty("domains") Map<String, DomainTotals> domains)
    implements RunRecord {

  public JobRecord {
    Objects.requireNonNull(jobId, "job_id");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(state, "state");
    labels = labels == null ? List.of() : List.copyOf(labels);
    domains =
        domains == null || domains.isEmpty()
            ? null
            : Collections.unmodifiableMap(new TreeMap<>(domains));
  }

  /**
   * A record of a first attempt that found no corrupt snapshot and has no per-domain totals yet.
   */
  public JobRecord(
      String jobId,
      String policy,
      String namespace,
      String requestedType,
      String snapshotType,
      String target,
      JobTrigger trigger,
      String actor,
      int attempt,
      JobState state,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt,
      Long files,
      Long bytes,
      Long bytesUploaded,
      List<String> labels,
      String error,
      FailureKind failureKind,
      String host,
      Long pid) {
    this(
        jobId,
        policy,
        namespace,
        requestedType,
        snapshotType,
        target,
        trigger,
        actor,
        attempt,
        state,
        createdAt,
        startedAt,
        finishedAt,
        files,
        bytes,
        bytesUploaded,
        labels,
        error,
        failureKind,
        host,
        pid,
        null,
        null,
        null,
        null);
  }

  /** The type that counts for the cadence: what the engine took, else what was asked. */
  @JsonIgnore
  public String effectiveType() {
    return snapshotType != null ? snapshotType : requestedType;
  }

  /** Whether the job produced (or, while running, may produce) a full snapshot. */
  @JsonIgnore
  public boolean isFull() {
    return "full".equals(effectiveType());
  }

  /** The time the job counts from for the cadence: its start, else when it was recorded. */
  @JsonIgnore
  public Instant beganAt() {
    return startedAt != null ? startedAt : createdAt;
  }

  /** This record, running on {@code target} since {@code at}. */
  public JobRecord running(String target, Instant at) {
    return new JobRecord(
        jobId,
        policy,
        namespace,
        requestedType,
        snapshotType,
        target,
        trigger,
        actor,
        attempt,
        JobState.RUNNING,
        createdAt,
        at,
        null,
        null,
        null,
        null,
        labels,
        null,
        null,
        host,
        pid,
        retryOf,
        corruptSnapshot,
        corruptReason,
        domains);
  }

  /** This record, with {@code label} added (e.g. when a fallback target is used). */
  public JobRecord withLabel(String label, String newTarget) {
    List<String> more = new java.util.ArrayList<>(labels);
    if (!more.contains(label)) {
      more.add(label);
    }
    return new JobRecord(
        jobId,
        policy,
        namespace,
        requestedType,
        snapshotType,
        newTarget,
        trigger,
        actor,
        attempt,
        state,
        createdAt,
        startedAt,
        finishedAt,
        files,
        bytes,
        bytesUploaded,
        more,
        error,
        failureKind,
        host,
        pid,
        retryOf,
        corruptSnapshot,
        corruptReason,
        domains);
  }

  /** This record, ended successfully with the snapshot's figures. */
  public JobRecord succeeded(
      String takenType, Instant at, long fileCount, long byteCount, long uploaded) {
    return succeeded(takenType, at, fileCount, byteCount, uploaded, null);
  }

  /** This record, ended successfully with the snapshot's figures and its totals per data domain. */
  public JobRecord succeeded(
      String takenType,
      Instant at,
      long fileCount,
      long byteCount,
      long uploaded,
      Map<String, DomainTotals> domainTotals) {
    return new JobRecord(
        jobId,
        policy,
        namespace,
        requestedType,
        takenType,
        target,
        trigger,
        actor,
        attempt,
        JobState.SUCCESS,
        createdAt,
        startedAt,
        at,
        fileCount,
        byteCount,
        uploaded,
        labels,
        null,
        null,
        host,
        pid,
        retryOf,
        corruptSnapshot,
        corruptReason,
        domainTotals);
  }

  /** This record, ended as {@code ending} (failed or canceled) because of {@code why}. */
  public JobRecord ended(JobState ending, FailureKind kind, String why, Instant at) {
    if (ending != JobState.FAILED && ending != JobState.CANCELED) {
      throw new IllegalArgumentException(
          "a job ends without a snapshot as failed or canceled, not " + ending);
    }
    return new JobRecord(
        jobId,
        policy,
        namespace,
        requestedType,
        snapshotType,
        target,
        trigger,
        actor,
        attempt,
        ending,
        createdAt,
        startedAt,
        at,
        files,
        bytes,
        bytesUploaded,
        labels,
        why,
        kind,
        host,
        pid,
        retryOf,
        corruptSnapshot,
        corruptReason,
        domains);
  }

  /** This record, retrying job {@code previous} (the attempt before it). */
  public JobRecord retrying(String previous) {
    return new JobRecord(
        jobId,
        policy,
        namespace,
        requestedType,
        snapshotType,
        target,
        trigger,
        actor,
        attempt,
        state,
        createdAt,
        startedAt,
        finishedAt,
        files,
        bytes,
        bytesUploaded,
        labels,
        error,
        failureKind,
        host,
        pid,
        previous,
        corruptSnapshot,
        corruptReason,
        domains);
  }

  /**
   * This record, noting that snapshot {@code snapshot} was found unusable ({@code why}) so a full
   * was taken.
   */
  public JobRecord replacingCorrupt(String snapshot, String why) {
    return new JobRecord(
        jobId,
        policy,
        namespace,
        requestedType,
        snapshotType,
        target,
        trigger,
        actor,
        attempt,
        state,
        createdAt,
        startedAt,
        finishedAt,
        files,
        bytes,
        bytesUploaded,
        labels,
        error,
        failureKind,
        host,
        pid,
        retryOf,
        snapshot,
        why,
        domains);
  }

  /** The job id is the run id (and the snapshot's). */
  @Override
  public String runId() {
    return jobId;
  }

  /** Jobs are owned by their BackupPolicy. */
  @Override
  public String owner() {
    return policy;
  }

  @Override
  public RunPhase runPhase() {
    return switch (state) {
      case PENDING -> RunPhase.PENDING;
      case RUNNING -> RunPhase.RUNNING;
      case SUCCESS -> RunPhase.SUCCEEDED;
      case FAILED -> RunPhase.FAILED;
      case CANCELED -> RunPhase.CANCELED;
    };
  }

  @Override
  public int attemptNumber() {
    return attempt;
  }

  /**
   * Whether the job ended and its snapshot (or failure) counts for the cadence: canceled ones do
   * not.
   */
  @JsonIgnore
  public boolean counts() {
    return state != JobState.CANCELED;
  }
}
