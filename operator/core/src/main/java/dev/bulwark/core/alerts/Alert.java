package dev.bulwark.core.alerts;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One condition transition of one resource, as alerting sees it (R22).
 *
 * @param kind the resource kind, e.g. {@code BackupPolicy}
 * @param namespace the Kubernetes namespace, empty in compose mode
 * @param name the resource name
 * @param type the condition type, e.g. {@code Healthy}
 * @param status "True", "False" or "Unknown"
 * @param reason CamelCase reason
 * @param message human-readable detail; never contains a secret
 * @param warning true when the new state needs attention
 * @param at when the transition was observed
 * @param webhookUrl the resource's own webhook (a policy's {@code spec.webhookUrl}), if any
 */
public record Alert(
    String kind,
    Optional<String> namespace,
    String name,
    String type,
    String status,
    String reason,
    String message,
    boolean warning,
    Instant at,
    Optional<String> webhookUrl) {

  public Alert {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    namespace = namespace == null ? Optional.empty() : namespace;
    webhookUrl = webhookUrl == null ? Optional.empty() : webhookUrl;
  }
}
