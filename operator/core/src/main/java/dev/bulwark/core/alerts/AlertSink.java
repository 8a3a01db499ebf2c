package dev.bulwark.core.alerts;

/**
 * Where condition transitions go besides the status: a log line, a webhook. Runtimes call it once
 * per transition, on their reconcile thread, so implementations must return quickly (deliver in the
 * background) and must never throw.
 */
@FunctionalInterface
public interface AlertSink {

  /** Delivers (or queues for delivery) one alert. */
  void send(Alert alert);

  /** A sink that drops everything, for tests and tools that do not alert. */
  static AlertSink none() {
    return alert -> {};
  }
}
