package dev.bulwark.core.alerts;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every alert sent to it, in order; safe to read from another thread. */
public final class TestingAlertSink implements AlertSink {
  private final List<Alert> sent = new CopyOnWriteArrayList<>();

  @Override
  public void send(Alert alert) {
    sent.add(alert);
  }

  /** Every alert so far, oldest first. */
  public List<Alert> sent() {
    return List.copyOf(sent);
  }

  /** The alerts about the resource {@code kind/name}, oldest first. */
  public List<Alert> about(String kind, String name) {
    return sent.stream().filter(a -> a.kind().equals(kind) && a.name().equals(name)).toList();
  }
}
