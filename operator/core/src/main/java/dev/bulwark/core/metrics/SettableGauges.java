package dev.bulwark.core.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One gauge name with a series per combination of label values, each holding the last value set.
 * The values live here (Micrometer only keeps a weak reference to a gauge's state object, which the
 * GC would otherwise clear and turn into NaN).
 */
final class SettableGauges {
  private record Series(AtomicLong bits, Gauge gauge) {}

  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final List<String> labels;
  private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

  SettableGauges(MeterRegistry registry, String name, String description, String... labels) {
    this.registry = registry;
    this.name = name;
    this.description = description;
    this.labels = List.of(labels);
  }

  /** Sets the series with these label values (in the order of the constructor's labels). */
  void set(double value, String... labelValues) {
    seriesOf(labelValues).bits().set(Double.doubleToRawLongBits(value));
  }

  private Series seriesOf(String... labelValues) {
    List<String> key = List.of(labelValues);
    if (key.size() != labels.size()) {
      throw new IllegalArgumentException(name + " takes labels " + labels + ", got " + key);
    }
    return series.computeIfAbsent(key, this::register);
  }

  /**
   * Raises the series with these label values to {@code value}; a lower value is ignored, so an
   * older fact (a job that finished before another) never hides a newer one.
   */
  void setAtLeast(double value, String... labelValues) {
    AtomicLong bits = seriesOf(labelValues).bits();
    bits.getAndUpdate(
        old -> {
          double current = Double.longBitsToDouble(old);
          return Double.isNaN(current) || value > current ? Double.doubleToRawLongBits(value) : old;
        });
  }

  /** Calls {@code action} with each series' label values and current value. */
  void forEach(java.util.function.BiConsumer<List<String>, Double> action) {
    series.forEach((key, value) -> action.accept(key, Double.longBitsToDouble(value.bits().get())));
  }

  /** Drops the series whose label values match, from this family and from the registry. */
  void removeIf(Predicate<List<String>> labelValues) {
    series
        .entrySet()
        .removeIf(
            entry -> {
              if (labelValues.test(entry.getKey())) {
                registry.remove(entry.getValue().gauge());
                return true;
              }
              return false;
            });
  }

  /** The position of a label, for {@link #removeIf} predicates. */
  int indexOf(String label) {
    return labels.indexOf(label);
  }

  private Series register(List<String> labelValues) {
    AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));
    Tags tags = Tags.empty();
    for (int i = 0; i < labels.size(); i++) {
      tags = tags.and(labels.get(i), labelValues.get(i));
    }
    Gauge gauge =
        Gauge.builder(name, bits, b -> Double.longBitsToDouble(b.get()))
            .description(description)
            .tags(tags)
            .strongReference(true)
            .register(registry);
    return new Series(bits, gauge);
  }
}
