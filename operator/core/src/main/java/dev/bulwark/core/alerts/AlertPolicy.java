package dev.bulwark.core.alerts;

import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.ResourceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which changes of a resource's conditions are alerts (R22): a condition entering a bad state, and
 * a bad condition recovering. Everything else (a good state seen for the first time, Unknown
 * becoming True, a message that changed) is only in the status. Both runtimes apply it to the
 * status before and after each decision; because "before" is the stored status (the status file,
 * the resource on the cluster), a restart alone alerts nothing.
 *
 * <p><b>Bad</b> means a condition whose status is {@code False} (every Bulwark condition reads True
 * as good), except:
 *
 * <ul>
 *   <li>{@code Ready=False} because of {@code spec.suspend} ({@code Suspended}): an operator asked;
 *   <li>{@code Ready=False} while {@code Valid=False}: the invalid spec is the one thing wrong, so
 *       an invalid resource is one alert, not two;
 *   <li>a deleted resource ({@code Ready=False}, {@code Deleted}) has exactly one bad fact, its
 *       deletion; what was wrong with it before ends silently with it.
 * </ul>
 *
 * <p>A bad condition alerts (severity warning) when it was not bad before, or was bad for another
 * reason (invalid becoming unreadable, failing becoming deleted). A bad condition that becomes True
 * or Unknown alerts once as a recovery (severity info).
 */
public final class AlertPolicy {
  private static final String FALSE = "False";

  private AlertPolicy() {}

  /**
   * The resource an alert is about.
   *
   * @param kind e.g. {@code BackupPolicy}
   * @param namespace the Kubernetes namespace, empty in compose mode
   * @param name the resource name
   * @param webhookUrl the resource's own webhook (a policy's {@code spec.webhookUrl}), if known
   */
  public record Subject(
      String kind, Optional<String> namespace, String name, Optional<String> webhookUrl) {
    public Subject {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      namespace = namespace == null ? Optional.empty() : namespace;
      webhookUrl = webhookUrl == null ? Optional.empty() : webhookUrl;
    }
  }

  /**
   * The alerts for a status going from {@code before} (null when none was stored) to {@code after}.
   */
  public static List<Alert> between(
      Subject subject, ResourceStatus before, ResourceStatus after, Instant at) {
    return between(subject, conditionsOf(before), conditionsOf(after), at);
  }

  /** The alerts for conditions going from {@code before} to {@code after}. */
  public static List<Alert> between(
      Subject subject, List<Condition> before, List<Condition> after, Instant at) {
    Map<String, Condition> wasBad = bad(before);
    Map<String, Condition> isBad = bad(after);
    List<Alert> alerts = new ArrayList<>();
    for (Condition now : isBad.values()) {
      Condition was = wasBad.get(now.getType());
      if (was == null || !Objects.equals(was.getReason(), now.getReason())) {
        alerts.add(alert(subject, now, true, at));
      }
    }
    for (Condition was : wasBad.values()) {
      if (isBad.containsKey(was.getType())) {
        continue;
      }
      // Still False but no longer an alert of its own (e.g. Ready once Valid is False): folded in,
      // not recovered.
      find(after, was.getType())
          .filter(now -> !FALSE.equals(now.getStatus()))
          .ifPresent(now -> alerts.add(alert(subject, now, false, at)));
    }
    return alerts;
  }

  private static Map<String, Condition> bad(List<Condition> conditions) {
    Map<String, Condition> bad = new LinkedHashMap<>();
    Optional<Condition> ready = find(conditions, ConditionType.READY.wireName());
    if (ready.isPresent()
        && isFalse(ready.get())
        && hasReason(ready.get(), ConditionReason.DELETED)) {
      bad.put(ready.get().getType(), ready.get());
      return bad;
    }
    boolean invalid =
        find(conditions, ConditionType.VALID.wireName()).filter(AlertPolicy::isFalse).isPresent();
    for (Condition condition : conditions) {
      if (!isFalse(condition) || condition.getType() == null) {
        continue;
      }
      boolean isReady = ConditionType.READY.wireName().equals(condition.getType());
      if (isReady && (invalid || hasReason(condition, ConditionReason.SUSPENDED))) {
        continue;
      }
      bad.putIfAbsent(condition.getType(), condition);
    }
    return bad;
  }

  private static Alert alert(Subject subject, Condition condition, boolean warning, Instant at) {
    return new Alert(
        subject.kind(),
        subject.namespace(),
        subject.name(),
        condition.getType(),
        condition.getStatus(),
        condition.getReason() == null ? "" : condition.getReason(),
        condition.getMessage() == null ? "" : condition.getMessage(),
        warning,
        at,
        subject.webhookUrl());
  }

  private static boolean isFalse(Condition condition) {
    return FALSE.equals(condition.getStatus());
  }

  private static boolean hasReason(Condition condition, ConditionReason reason) {
    return reason.wireName().equals(condition.getReason());
  }

  private static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static List<Condition> conditionsOf(ResourceStatus status) {
    return status == null || status.getConditions() == null ? List.of() : status.getConditions();
  }
}
