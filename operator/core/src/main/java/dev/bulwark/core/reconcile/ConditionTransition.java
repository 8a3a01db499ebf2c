package dev.bulwark.core.reconcile;

/**
 * A condition flipped (or appeared): runtimes log it, the Kubernetes runtime records an Event, and
 * alerting (later) posts it to a webhook.
 *
 * @param type the condition type, e.g. {@code Healthy}
 * @param status "True", "False" or "Unknown"
 * @param reason CamelCase reason
 * @param message human-readable detail
 * @param warning true when the new state needs attention (an Event of type Warning)
 */
public record ConditionTransition(
    String type, String status, String reason, String message, boolean warning) implements Action {}
