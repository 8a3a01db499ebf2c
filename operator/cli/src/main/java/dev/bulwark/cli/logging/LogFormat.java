package dev.bulwark.cli.logging;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a log event is written: a line of text for people, or a JSON object per line for collectors.
 */
public enum LogFormat {
  /** {@code 2026-12-04T17:04:51.089Z [INFO] HttpEndpoints - message}. */
  TEXT,
  /** {@code {"time":"...","level":"INFO","logger":"dev.bulwark...","message":"..."}}. */
  JSON;

  /** The format named {@code text} or {@code json} (any case). */
  public static Optional<LogFormat> parse(String name) {
    return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(name.trim())).findFirst();
  }

  /** The lower-case name, as options and variables take it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
