package dev.bulwark.core.replay;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What a replay will do (or did plan to do) for one partition, written before anything runs: seed
 * 003's backfill plan, with its field names ({@code partition_key}, {@code upstream_manifest_id},
 * {@code operator}, {@code target_assets}, ...). Two differ in type, as docs/replay.md says: {@code
 * downstream_impact} is a list of lines, and {@code upstream_manifest_id} names a snapshot ({@code
 * snapshot:<job_id>}) or the live tree ({@code live:<root>}). Records written before the names were
 * aligned ({@code partition}, {@code upstream_manifest}, {@code target_outputs}) are still read.
 *
 * @param plan the ReplayPlan
 * @param partition the partition key (a day)
 * @param windowStart the partition's first instant (UTC)
 * @param windowEnd the partition's end (exclusive, UTC)
 * @param mode dry-run, apply or backfill
 * @param upstreamManifest where the inputs come from: {@code snapshot:<job_id>} or {@code
 *     live:<root>}
 * @param expectedInputCount the partition's raw input files
 * @param currentOutputCount files already published for this analyzer version
 * @param gapReason why the partition needs work, or why it does not
 * @param proposedAction replay, skip or none
 * @param idempotencyGuard the guard a finished run of the partition records
 * @param downstreamImpact what publishing changes for readers
 * @param operator who planned it: {@code controller} or {@code cli:<user>}
 * @param targetAssets the folder the outputs are published to (one, for a replay)
 * @param reportPath this record's own path
 * @param plannedAt when it was planned
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlanRecord(
    @JsonProperty("plan") String plan,
    @JsonProperty("partition_key") @JsonAlias("partition") String partition,
    @JsonProperty("window_start") Instant windowStart,
    @JsonProperty("window_end") Instant windowEnd,
    @JsonProperty("mode") String mode,
    @JsonProperty("upstream_manifest_id") @JsonAlias("upstream_manifest") String upstreamManifest,
    @JsonProperty("expected_input_count") int expectedInputCount,
    @JsonProperty("current_output_count") int currentOutputCount,
    @JsonProperty("gap_reason") String gapReason,
    @JsonProperty("proposed_action") String proposedAction,
    @JsonProperty("idempotency_guard") String idempotencyGuard,
    @JsonProperty("downstream_impact") List<String> downstreamImpact,
    @JsonProperty("operator") String operator,
    @JsonProperty("target_assets")
        @JsonAlias("target_outputs")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> targetAssets,
    @JsonProperty("report_path") String reportPath,
    @JsonProperty("planned_at") Instant plannedAt) {

  /** The proposed action of a partition that runs the analyzer. */
  public static final String REPLAY = "replay";

  /** The proposed action of a partition left as it is. */
  public static final String SKIP = "skip";
}
