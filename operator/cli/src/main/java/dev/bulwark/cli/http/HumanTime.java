package dev.bulwark.cli.http;

import dev.bulwark.core.drills.DrillObjectives;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Times and durations as people read them on the status page and in {@code bulwark status}. */
public final class HumanTime {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private HumanTime() {}

  /** {@code 45s}, {@code 7m12s}, {@code 3h5m}, {@code 2d4h}. */
  public static String duration(long seconds) {
    return DrillObjectives.human(Math.max(0, seconds));
  }

  /** {@code 3m ago}, or {@code in 4m} for a time still to come. */
  public static String relative(Instant at, Instant now) {
    Duration between = Duration.between(at, now);
    return between.isNegative()
        ? "in " + duration(between.negated().getSeconds())
        : duration(between.getSeconds()) + " ago";
  }

  /** {@code 2026-12-04 17:05 UTC}. */
  public static String timestamp(Instant at) {
    return TIMESTAMP.format(at);
  }

  /** An RFC 3339 time from a status field, if it is one. */
  public static Optional<Instant> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
