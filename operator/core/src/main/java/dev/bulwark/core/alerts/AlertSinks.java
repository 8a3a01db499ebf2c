package dev.bulwark.core.alerts;

import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ways to combine {@link AlertSink}s. */
public final class AlertSinks {
  private static final Logger LOG = LoggerFactory.getLogger(AlertSinks.class);

  private AlertSinks() {}

  /**
   * A sink that hands every alert to each of {@code sinks} in order. A sink that throws is logged
   * and skipped, so one broken channel never silences the others or the caller's loop.
   */
  public static AlertSink all(AlertSink... sinks) {
    List<AlertSink> targets = List.of(sinks);
    targets.forEach(sink -> Objects.requireNonNull(sink, "sink"));
    return alert -> {
      for (AlertSink sink : targets) {
        try {
          sink.send(alert);
        } catch (RuntimeException e) {
          LOG.warn(
              "alert sink {} failed for {}/{} {}={}: {}",
              sink.getClass().getName(),
              alert.kind(),
              alert.name(),
              alert.type(),
              alert.status(),
              e.getClass().getSimpleName());
        }
      }
    };
  }
}
