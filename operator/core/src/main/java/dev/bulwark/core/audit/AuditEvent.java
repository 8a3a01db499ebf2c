package dev.bulwark.core.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the audit trail: what happened, to which resource, who or what caused it.
 *
 * @param at when it happened
 * @param event {@code job_started}, {@code job_finished}, {@code prune}, {@code restore}, {@code
 *     policy_changed}
 * @param kind the resource kind, e.g. BackupPolicy
 * @param namespace the namespace (Kubernetes); null in compose mode
 * @param name the resource name
 * @param jobId the job concerned, if any
 * @param trigger schedule, manual, pre-upgrade, controller
 * @param actor {@code controller} or {@code cli:<os user>}
 * @param result success, failed, canceled (for endings)
 * @param details further facts (target, type, counts, error)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
    @JsonProperty("at") Instant at,
    @JsonProperty("event") String event,
    @JsonProperty("kind") String kind,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("name") String name,
    @JsonProperty("job_id") String jobId,
    @JsonProperty("trigger") String trigger,
    @JsonProperty("actor") String actor,
    @JsonProperty("result") String result,
    @JsonProperty("details") Map<String, Object> details) {

  public AuditEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(event, "event");
    // Insertion order is kept, so audit lines read in the order their writer chose.
    details =
        details == null || details.isEmpty()
            ? null
            : Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** The actor of a CLI command: {@code cli:<OS user>}. */
  public static String cliActor() {
    return "cli:" + System.getProperty("user.name", "unknown");
  }
}
