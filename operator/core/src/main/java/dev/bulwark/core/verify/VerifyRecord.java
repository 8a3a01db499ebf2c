package dev.bulwark.core.verify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bulwark.core.runs.RunPhase;
import dev.bulwark.core.runs.RunRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One verify run of a policy's repository, as kept in its history ({@code
 * <state>/verify/<policy>/<run_id>.json}).
 *
 * @param runId the run's id (same format as job ids: start second and random suffix)
 * @param policy the BackupPolicy whose repository was verified
 * @param namespace its namespace; null in compose mode
 * @param trigger {@code schedule}, {@code corrupt-snapshot} (a job found a corrupt snapshot) or
 *     {@code manual}
 * @param actor {@code controller} or {@code cli:<user>}
 * @param state running, success or failed
 * @param startedAt when it started
 * @param finishedAt when it ended; null while running
 * @param target the target verified
 * @param readData whether the sampled snapshots' data was read and hashed
 * @param sample the sample asked for ({@code 3}, {@code 10%}), or null for every snapshot
 * @param snapshotsChecked snapshots whose metadata was checked
 * @param snapshotsInRepository snapshots the catalog lists
 * @param packsRead packs read in full
 * @param filesVerified file contents hashed
 * @param bytesRead bytes read from the target
 * @param problemCount problems found
 * @param problems the first problems, each naming its object (at most {@link #PROBLEMS_KEPT})
 * @param error why the verify could not run at all (target unreachable, no key); null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VerifyRecord(
    @JsonProperty("run_id") String runId,
    @JsonProperty("policy") String policy,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("trigger") String trigger,
    @JsonProperty("actor") String actor,
    @JsonProperty("state") String state,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("finished_at") Instant finishedAt,
    @JsonProperty("target") String target,
    @JsonProperty("read_data") boolean readData,
    @JsonProperty("sample") String sample,
    @JsonProperty("snapshots_checked") Integer snapshotsChecked,
    @JsonProperty("snapshots_in_repository") Integer snapshotsInRepository,
    @JsonProperty("packs_read") Integer packsRead,
    @JsonProperty("files_verified") Long filesVerified,
    @JsonProperty("bytes_read") Long bytesRead,
    @JsonProperty("problem_count") Integer problemCount,
    @JsonProperty("problems") List<String> problems,
    @JsonProperty("error") String error)
    implements RunRecord {

  /** A run still going. */
  public static final String RUNNING = "running";

  /** A run that found nothing wrong. */
  public static final String SUCCESS = "success";

  /** A run that found problems or could not run. */
  public static final String FAILED = "failed";

  /** Problems kept in a record; the count says how many there were. */
  public static final int PROBLEMS_KEPT = 10;

  public VerifyRecord {
    Objects.requireNonNull(runId, "run_id");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(state, "state");
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  /** Whether the run has ended. */
  @JsonIgnore
  @Override
  public boolean finished() {
    return !RUNNING.equals(state);
  }

  /** Runs are owned by the policy whose repository they verify. */
  @Override
  public String owner() {
    return policy;
  }

  @Override
  public RunPhase runPhase() {
    return switch (state) {
      case RUNNING -> RunPhase.RUNNING;
      case SUCCESS -> RunPhase.SUCCEEDED;
      default -> RunPhase.FAILED;
    };
  }

  /** Whether the run found nothing wrong. */
  @JsonIgnore
  public boolean succeeded() {
    return SUCCESS.equals(state);
  }

  /** One line for conditions, alerts and the gate: what was checked, or what is wrong. */
  @JsonIgnore
  public String summary() {
    if (error != null) {
      return "verify run " + runId + " could not run: " + error;
    }
    String checked =
        snapshotsChecked
            + " of "
            + snapshotsInRepository
            + " snapshot(s)"
            + (readData ? ", " + filesVerified + " file(s) hashed" : " (metadata only)");
    if (succeeded()) {
      return "verify run " + runId + " checked " + checked + ": no problem";
    }
    return "verify run "
        + runId
        + " checked "
        + checked
        + ": "
        + problemCount
        + " problem(s): "
        + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
        + (problemCount > 3 ? "; ..." : "");
  }
}
