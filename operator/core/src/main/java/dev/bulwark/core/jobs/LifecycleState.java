package dev.bulwark.core.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The last lifecycle reconcile of a policy's target, kept beside its job records ({@code
 * lifecycle.json}) for the LifecycleEffective condition.
 *
 * @param checkedAt when it ran
 * @param target the target it concerned
 * @param effective whether the lifecycle is in effect
 * @param message one line for the condition
 * @param settings the retention settings it was reconciled for, so a change triggers a new one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LifecycleState(
    @JsonProperty("checked_at") Instant checkedAt,
    @JsonProperty("target") String target,
    @JsonProperty("effective") boolean effective,
    @JsonProperty("message") String message,
    @JsonProperty("settings") String settings) {}
