package dev.bulwark.core.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the metric records: a blank label would create an unusable series. */
final class MetricLabels {
  private MetricLabels() {}

  static String requireValue(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /**
   * A namespace label value: the resource's namespace, or {@code ""} in compose mode (Prometheus'
   * convention for an absent label). Never null.
   */
  static String requireNamespace(String namespace) {
    return Objects.requireNonNull(namespace, "namespace (\"\" in compose mode)");
  }

  static Duration requireNonNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
    return value;
  }

  static List<String> sorted(Collection<String> values) {
    return values.stream().sorted().toList();
  }

  /** Seconds with millisecond precision, the unit Prometheus expects for durations and times. */
  static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
