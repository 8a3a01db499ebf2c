package dev.bulwark.core.schedule;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations of specs: a whole number with a unit ({@code 30s}, {@code 5m}, {@code 1h},
 * {@code 2d}) as ops write them, or ISO-8601 ({@code PT5M}, {@code P1D}) as tools write them.
 */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,12})([smhd])");

  private Durations() {}

  /**
   * The duration written as {@code text}; zero is allowed, negative durations are not.
   *
   * @throws InvalidScheduleException when the text is neither form, or negative
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidScheduleException(
          "duration is empty; expected e.g. 30s, 5m, 1h, 2d or ISO-8601 PT5M");
    }
    String trimmed = text.trim();
    Matcher shortForm = SHORT.matcher(trimmed);
    if (shortForm.matches()) {
      long amount = Long.parseLong(shortForm.group(1));
      return switch (shortForm.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    Duration iso;
    try {
      iso = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new InvalidScheduleException(
          "'" + text + "' is not a duration; expected e.g. 30s, 5m, 1h, 2d or ISO-8601 PT5M", e);
    }
    if (iso.isNegative()) {
      throw new InvalidScheduleException(
          "'" + text + "' is negative; expected a duration >= 0 such as 5m");
    }
    return iso;
  }
}
