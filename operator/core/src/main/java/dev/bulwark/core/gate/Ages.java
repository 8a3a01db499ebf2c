package dev.bulwark.core.gate;

import java.time.Duration;
import java.time.Instant;

/**
 * Ages and windows as people read them in gate reasons: {@code 45s}, {@code 12m}, {@code 30h},
 * {@code 8d 2h}.
 */
final class Ages {
  private Ages() {}

  /** The age of {@code at} at {@code now}; zero for times in the future (clock skew). */
  static Duration between(Instant at, Instant now) {
    Duration age = Duration.between(at, now);
    return age.isNegative() ? Duration.ZERO : age;
  }

  /** Whole seconds of the age of {@code at}, or null when {@code at} is unknown. */
  static Long seconds(Instant at, Instant now) {
    return at == null ? null : between(at, now).getSeconds();
  }

  /** A short human form, exact to the unit shown. */
  static String describe(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m";
    }
    if (seconds < 2 * 86400) {
      long minutes = (seconds % 3600) / 60;
      return seconds / 3600 + "h" + (minutes == 0 ? "" : " " + minutes + "m");
    }
    long hours = (seconds % 86400) / 3600;
    return seconds / 86400 + "d" + (hours == 0 ? "" : " " + hours + "h");
  }
}
