package dev.bulwark.kubernetes.reconcile;

import dev.bulwark.core.reconcile.ConditionTransition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records condition transitions as core/v1 Events on the resource they concern, so that {@code
 * kubectl describe} and event-based alerting see them. Recording is best effort: a failure is
 * logged and never fails the reconcile that caused it.
 */
public final class EventRecorder {
  /** The component named as the source of every Event. */
  public static final String COMPONENT = "bulwark-operator";

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  // The API server rejects longer messages.
  private static final int MAX_MESSAGE_LENGTH = 1024;

  private final KubernetesClient client;
  private final Clock clock;

  /** Records through this client, stamping Events with this clock's time. */
  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records one transition: reason is the condition's reason, type Warning when it needs attention.
   */
  public void record(HasMetadata resource, ConditionTransition transition) {
    Event event = eventFor(resource, transition);
    try {
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not record Event {} for {} {}/{}: HTTP {} {}",
          transition.reason(),
          resource.getKind(),
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          e.getCode(),
          e.getMessage());
    }
  }

  private Event eventFor(HasMetadata resource, ConditionTransition transition) {
    String now = clock.instant().toString();
    String namespace = resource.getMetadata().getNamespace();
    String message = transition.type() + "=" + transition.status() + ": " + transition.message();
    return new EventBuilder()
        .withNewMetadata()
        // client-go names Events <object>.<unique suffix>; a random suffix stays unique even
        // when the clock stands still, as it does in tests.
        .withName(resource.getMetadata().getName() + "." + uniqueSuffix())
        .withNamespace(namespace)
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(resource.getApiVersion())
                .withKind(resource.getKind())
                .withNamespace(namespace)
                .withName(resource.getMetadata().getName())
                .withUid(resource.getMetadata().getUid())
                .withResourceVersion(resource.getMetadata().getResourceVersion())
                .build())
        .withReason(transition.reason())
        .withMessage(truncate(message))
        .withType(transition.warning() ? "Warning" : "Normal")
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .build();
  }

  private static String uniqueSuffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE_LENGTH
        ? message
        : message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
  }
}
