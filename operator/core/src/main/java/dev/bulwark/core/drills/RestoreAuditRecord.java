package dev.bulwark.core.drills;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of the restore audit ({@code <state>/audit/restore_audit.jsonl}, docs/status-files.md):
 * what a drill restored, how long it took, how old the data was, and what to do when it failed.
 *
 * @param at when the run ended
 * @param event {@code drill}
 * @param drill the RestoreDrill
 * @param namespace its namespace; absent in compose mode
 * @param policy the BackupPolicy restored
 * @param level L1, L2 or L3
 * @param runId the run
 * @param result success or failed
 * @param snapshotJobId the snapshot used
 * @param snapshotFinishedAt when it was committed
 * @param objects objects restored and validated
 * @param bytes bytes restored
 * @param actualRpoSeconds run start minus the snapshot's commit time
 * @param actualRtoSeconds run start to validated restore
 * @param rpoObjectiveSeconds the drill's RPO objective
 * @param rtoObjectiveSeconds the drill's RTO objective
 * @param objectivesMet whether both were met
 * @param failureReason why it failed, naming the object or validator
 * @param remediation what to do about a failure or a missed objective
 * @param trigger schedule or manual
 * @param actor controller or cli:<user>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "at",
  "event",
  "drill",
  "namespace",
  "policy",
  "level",
  "run_id",
  "result",
  "snapshot_job_id",
  "snapshot_finished_at",
  "objects",
  "bytes",
  "actual_rpo_seconds",
  "actual_rto_seconds",
  "rpo_objective_seconds",
  "rto_objective_seconds",
  "objectives_met",
  "failure_reason",
  "remediation",
  "trigger",
  "actor"
})
public record RestoreAuditRecord(
    @JsonProperty("at") Instant at,
    @JsonProperty("event") String event,
    @JsonProperty("drill") String drill,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("policy") String policy,
    @JsonProperty("level") String level,
    @JsonProperty("run_id") String runId,
    @JsonProperty("result") String result,
    @JsonProperty("snapshot_job_id") String snapshotJobId,
    @JsonProperty("snapshot_finished_at") Instant snapshotFinishedAt,
    @JsonProperty("objects") Long objects,
    @JsonProperty("bytes") Long bytes,
    @JsonProperty("actual_rpo_seconds") Long actualRpoSeconds,
    @JsonProperty("actual_rto_seconds") Long actualRtoSeconds,
    @JsonProperty("rpo_objective_seconds") Long rpoObjectiveSeconds,
    @JsonProperty("rto_objective_seconds") Long rtoObjectiveSeconds,
    @JsonProperty("objectives_met") Boolean objectivesMet,
    @JsonProperty("failure_reason") String failureReason,
    @JsonProperty("remediation") String remediation,
    @JsonProperty("trigger") String trigger,
    @JsonProperty("actor") String actor) {

  /** The event of a drill run. */
  public static final String DRILL = "drill";

  public RestoreAuditRecord {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(event, "event");
  }

  /** The audit line of a finished run measured against {@code objectives}. */
  public static RestoreAuditRecord of(DrillRecord run, DrillObjectives objectives) {
    return new RestoreAuditRecord(
        run.finishedAt() == null ? run.startedAt() : run.finishedAt(),
        DRILL,
        run.drill(),
        run.namespace(),
        run.policy(),
        run.level(),
        run.runId(),
        run.state(),
        run.snapshotJobId(),
        run.snapshotFinishedAt(),
        run.objects(),
        run.bytes(),
        run.actualRpoSeconds(),
        run.actualRtoSeconds(),
        objectives.rpo().toSeconds(),
        objectives.rto().toSeconds(),
        run.objectivesMet(),
        run.failureReason(),
        run.remediation(),
        run.trigger(),
        run.actor());
  }
}
