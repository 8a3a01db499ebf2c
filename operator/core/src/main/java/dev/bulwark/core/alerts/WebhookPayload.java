package dev.bulwark.core.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON body a webhook receives for one alert. The field names are a public contract (documented
 * in docs/metrics.md, "Alert webhook"): add fields, never rename or remove them.
 *
 * @param source always {@code bulwark}, so a shared receiver can route by sender
 * @param kind the resource kind, e.g. {@code BackupPolicy}
 * @param namespace the Kubernetes namespace; {@code null} in compose mode
 * @param name the resource name
 * @param condition the condition type, e.g. {@code Healthy}
 * @param status {@code True}, {@code False} or {@code Unknown}
 * @param reason CamelCase reason
 * @param message human-readable detail
 * @param severity {@code warning} when the new state needs attention, {@code info} for recoveries
 * @param at when the transition was observed, ISO-8601 UTC
 */
@JsonPropertyOrder({
  "source",
  "kind",
  "namespace",
  "name",
  "condition",
  "status",
  "reason",
  "message",
  "severity",
  "at"
})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WebhookPayload(
    String source,
    String kind,
    String namespace,
    String name,
    String condition,
    String status,
    String reason,
    String message,
    String severity,
    String at) {

  /** The value of {@link #source()}. */
  public static final String SOURCE = "bulwark";

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** The payload of an alert. */
  public static WebhookPayload of(Alert alert) {
    return new WebhookPayload(
        SOURCE,
        alert.kind(),
        alert.namespace().orElse(null),
        alert.name(),
        alert.type(),
        alert.status(),
        alert.reason(),
        alert.message(),
        alert.warning() ? "warning" : "info",
        alert.at().toString());
  }

  /** This payload as compact JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      // Only strings go in, so serialization cannot fail short of a broken classpath.
      throw new IllegalStateException("cannot serialize webhook payload", e);
    }
  }
}
