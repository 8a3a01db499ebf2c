package dev.bulwark.core.replay;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bulwark.api.replay.PartitionState;
import dev.bulwark.api.replay.ReplayPhase;
import dev.bulwark.core.runs.RunPhase;
import dev.bulwark.core.runs.RunRecord;
import java.time.Instant;
import java.util.List;

/**
 * One run of a ReplayPlan, as kept in {@code <state>/replay/<plan>/runs/<run_id>.json} and shown in
 * the plan's status.
 *
 * @param runId time-sortable id of the run
 * @param plan the ReplayPlan
 * @param namespace its namespace; null in compose mode
 * @param generation the spec generation the run was for; null for CLI runs
 * @param action dry-run, apply or backfill
 * @param analyzerVersion the analyzer version
 * @param upstreamManifest {@code snapshot:<job_id>} or {@code live:<root>}
 * @param phase Succeeded, or Failed when a partition failed or the run could not start
 * @param message a one-line summary
 * @param partitions every partition of the window with its ending
 * @param startedAt when the run started
 * @param finishedAt when it ended
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplayRunRecord(
    @JsonProperty("run_id") String runId,
    @JsonProperty("plan") String plan,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("generation") Long generation,
    @JsonProperty("action") String action,
    @JsonProperty("analyzer_version") String analyzerVersion,
    @JsonProperty("upstream_manifest") String upstreamManifest,
    @JsonProperty("phase") ReplayPhase phase,
    @JsonProperty("message") String message,
    @JsonProperty("partitions") List<PartitionOutcome> partitions,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("finished_at") Instant finishedAt)
    implements RunRecord {

  public ReplayRunRecord {
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
  }

  /** Runs are owned by their ReplayPlan. */
  @Override
  public String owner() {
    return plan;
  }

  /** A replay is recorded once, when it ended; the other phases are the plan status' words. */
  @Override
  public RunPhase runPhase() {
    if (phase == null) {
      return RunPhase.FAILED;
    }
    return switch (phase) {
      case PENDING, PLANNED -> RunPhase.PENDING;
      case RUNNING -> RunPhase.RUNNING;
      case SUCCEEDED -> RunPhase.SUCCEEDED;
      case FAILED -> RunPhase.FAILED;
    };
  }

  /** Partitions that ended in {@code state}. */
  public int count(PartitionState state) {
    return (int) partitions.stream().filter(p -> p.state() == state).count();
  }
}
