package dev.bulwark.core.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bulwark.api.replay.PartitionState;

/**
 * How one partition of a run ended.
 *
 * @param key the partition key
 * @param state planned (dry-run), done, failed or skipped
 * @param reason why, in a sentence
 * @param report the plan record, or the evidence when the analyzer ran
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PartitionOutcome(
    @JsonProperty("key") String key,
    @JsonProperty("state") PartitionState state,
    @JsonProperty("reason") String reason,
    @JsonProperty("report") String report) {}
