package dev.bulwark.core.replay;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one apply of a partition did, with proof: inputs and outputs hashed, checks, durations.
 *
 * @param plan the ReplayPlan
 * @param partition the partition key
 * @param runId the run
 * @param state done or failed
 * @param analyzerVersion the analyzer version
 * @param idempotencyGuard the guard; a later run with the same guard skips a done partition
 * @param upstreamManifest {@code snapshot:<job_id>} or {@code live:<root>}
 * @param argv the analyzer command as run
 * @param inputs the inputs read, hashed (unchanged by the analyzer)
 * @param outputs the outputs, hashed (as published when done)
 * @param checks each check with its result
 * @param published the published folder; null when nothing was published
 * @param comparison the comparison report, when compareWith is set
 * @param error why the partition failed; null when done
 * @param durationsMs milliseconds per stage: stage, analyzer, checks, publish, total
 * @param startedAt when the partition started
 * @param finishedAt when it ended
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PartitionEvidence(
    @JsonProperty("plan") String plan,
    @JsonProperty("partition") String partition,
    @JsonProperty("run_id") String runId,
    @JsonProperty("state") String state,
    @JsonProperty("analyzer_version") String analyzerVersion,
    @JsonProperty("idempotency_guard") String idempotencyGuard,
    @JsonProperty("upstream_manifest") String upstreamManifest,
    @JsonProperty("argv") List<String> argv,
    @JsonProperty("inputs") List<FileDigest> inputs,
    @JsonProperty("outputs") List<FileDigest> outputs,
    @JsonProperty("checks") List<CheckResult> checks,
    @JsonProperty("published") String published,
    @JsonProperty("comparison") String comparison,
    @JsonProperty("error") String error,
    @JsonProperty("durations_ms") Map<String, Long> durationsMs,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("finished_at") Instant finishedAt) {

  /** The state of a partition whose outputs were published. */
  public static final String DONE = "done";

  /** The state of a partition whose outputs were not published. */
  public static final String FAILED = "failed";

  /**
   * One check of the outputs.
   *
   * @param name outputExistsPerInput, parseJson, parseCsv, command or outputsPresent
   * @param passed whether it passed
   * @param detail what it found
   */
  public record CheckResult(
      @JsonProperty("name") String name,
      @JsonProperty("passed") boolean passed,
      @JsonProperty("detail") String detail) {}
}
