package dev.bulwark.core.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one log line per alert: {@code ALERT <kind>/<name> <type>=<status> (<reason>): <message>},
 * at WARN when the new state needs attention and at INFO for recoveries. In Kubernetes mode the
 * name is {@code <namespace>/<name>}.
 */
public final class LoggingAlertSink implements AlertSink {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingAlertSink.class);

  @Override
  public void send(Alert alert) {
    String line = line(alert);
    if (alert.warning()) {
      LOG.warn(line);
    } else {
      LOG.info(line);
    }
  }

  /** The log line for an alert, on one line whatever its message contains. */
  static String line(Alert alert) {
    String resource =
        alert.kind() + "/" + alert.namespace().map(ns -> ns + "/").orElse("") + alert.name();
    return oneLine(
        "ALERT "
            + resource
            + " "
            + alert.type()
            + "="
            + alert.status()
            + " ("
            + alert.reason()
            + "): "
            + alert.message());
  }

  // A multi-line message would split the alert across log records and break line-based shipping.
  private static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
