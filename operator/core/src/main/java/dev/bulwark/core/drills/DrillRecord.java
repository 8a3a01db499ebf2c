package dev.bulwark.core.drills;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bulwark.core.runs.RunPhase;
import dev.bulwark.core.runs.RunRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run of a RestoreDrill, as kept in its history ({@code <state>/drills/<drill>/<run_id>.json})
 * and appended to the restore audit.
 *
 * @param runId the run's id (same format as job ids: start second and random suffix)
 * @param drill the RestoreDrill name
 * @param namespace its namespace; null in compose mode
 * @param policy the BackupPolicy whose snapshots it restored
 * @param level L1, L2 or L3
 * @param trigger schedule or manual
 * @param actor controller or cli:<user>
 * @param state running, success or failed
 * @param startedAt when it started
 * @param finishedAt when it ended; null while running
 * @param snapshotJobId the snapshot restored
 * @param snapshotFinishedAt when that snapshot was committed
 * @param objects objects restored and validated
 * @param bytes bytes restored
 * @param actualRpoSeconds drill start minus the snapshot's commit time
 * @param actualRtoSeconds wall time from start to validated restore
 * @param objectivesMet whether RPO and RTO were within the drill's objectives
 * @param failureReason why it failed (names the object when one is bad)
 * @param remediation what to do about it
 * @param validations one line per validator that ran
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DrillRecord(
    @JsonProperty("run_id") String runId,
    @JsonProperty("drill") String drill,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("policy") String policy,
    @JsonProperty("level") String level,
    @JsonProperty("trigger") String trigger,
    @JsonProperty("actor") String actor,
    @JsonProperty("state") String state,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("finished_at") Instant finishedAt,
    @JsonProperty("snapshot_job_id") String snapshotJobId,
    @JsonProperty("snapshot_finished_at") Instant snapshotFinishedAt,
    @JsonProperty("objects") Long objects,
    @JsonProperty("bytes") Long bytes,
    @JsonProperty("actual_rpo_seconds") Long actualRpoSeconds,
    @JsonProperty("actual_rto_seconds") Long actualRtoSeconds,
    @JsonProperty("objectives_met") Boolean objectivesMet,
    @JsonProperty("failure_reason") String failureReason,
    @JsonProperty("remediation") String remediation,
    @JsonProperty("validations") List<String> validations)
    implements RunRecord {

  /** A run still going. */
  public static final String RUNNING = "running";

  /** A run that restored and validated everything. */
  public static final String SUCCESS = "success";

  /** A run that could not restore or validate. */
  public static final String FAILED = "failed";

  public DrillRecord {
    Objects.requireNonNull(runId, "run_id");
    Objects.requireNonNull(drill, "drill");
    Objects.requireNonNull(state, "state");
    validations = validations == null ? List.of() : List.copyOf(validations);
  }

  /** Whether the run has ended. */
  @Override
  public boolean finished() {
    return !RUNNING.equals(state);
  }

  /** Runs are owned by their RestoreDrill. */
  @Override
  public String owner() {
    return drill;
  }

  @Override
  public RunPhase runPhase() {
    return switch (state) {
      case RUNNING -> RunPhase.RUNNING;
      case SUCCESS -> RunPhase.SUCCEEDED;
      default -> RunPhase.FAILED;
    };
  }

  /** Whether the run restored and validated everything. */
  public boolean succeeded() {
    return SUCCESS.equals(state);
  }
}
