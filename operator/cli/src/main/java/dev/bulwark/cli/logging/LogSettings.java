package dev.bulwark.cli.logging;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * The process's logging settings, read by every logger at every event, so options parsed after the
 * first logger was created still apply. Defaults come from {@code BULWARK_LOG_LEVEL} and {@code
 * BULWARK_LOG_FORMAT}; {@code --quiet}, {@code --verbose} and {@code --log-format} override them.
 */
public final class LogSettings {
  /**
   * Environment variable: {@code error}, {@code warn}, {@code info} (default), {@code debug} or
   * {@code trace}.
   */
  public static final String LEVEL_VARIABLE = "BULWARK_LOG_LEVEL";

  /** Environment variable: {@code text} (default) or {@code json}. */
  public static final String FORMAT_VARIABLE = "BULWARK_LOG_FORMAT";

  /**
   * Libraries that are chatty at INFO, and the least severe level of theirs that is written. The
   * fabric8 class is the one warning that the CRDs' v1alpha1 version is unstable: Bulwark knows.
   */
  private static final List<Map.Entry<String, Level>> LIBRARY_FLOORS =
      List.of(
          Map.entry("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", Level.ERROR),
          Map.entry("io.fabric8", Level.WARN),
          Map.entry("io.javaoperatorsdk", Level.INFO),
          Map.entry("software.amazon.awssdk", Level.WARN),
          Map.entry("com.aliyun", Level.WARN),
          Map.entry("org.apache.http", Level.WARN),
          Map.entry("okhttp3", Level.WARN),
          Map.entry("io.netty", Level.WARN),
          Map.entry("org.eclipse.jetty", Level.WARN));

  private static volatile Level level = Level.INFO;
  private static volatile LogFormat format = LogFormat.TEXT;

  static {
    fromEnvironment(System.getenv());
  }

  private LogSettings() {}

  /** Back to the defaults of the process environment (tests run several commands in one JVM). */
  public static void reset() {
    level = Level.INFO;
    format = LogFormat.TEXT;
    fromEnvironment(System.getenv());
  }

  /**
   * Applies {@code BULWARK_LOG_LEVEL} and {@code BULWARK_LOG_FORMAT} from {@code environment}; a
   * value that is not one of the accepted ones is reported once on stderr and ignored.
   */
  static void fromEnvironment(Map<String, String> environment) {
    String levelName = environment.get(LEVEL_VARIABLE);
    if (levelName != null && !levelName.isBlank()) {
      Optional<Level> parsed = parseLevel(levelName);
      parsed.ifPresentOrElse(
          l -> level = l,
          () ->
              System.err.println(
                  "warning: "
                      + LEVEL_VARIABLE
                      + "="
                      + levelName
                      + " is not one of error, warn, info, debug, trace; using info"));
    }
    String formatName = environment.get(FORMAT_VARIABLE);
    if (formatName != null && !formatName.isBlank()) {
      LogFormat.parse(formatName)
          .ifPresentOrElse(
              f -> format = f,
              () ->
                  System.err.println(
                      "warning: "
                          + FORMAT_VARIABLE
                          + "="
                          + formatName
                          + " is not one of text, json; using text"));
    }
  }

  /** The level named (any case; {@code warning} is {@code warn}). */
  public static Optional<Level> parseLevel(String name) {
    String wanted = name.trim().toUpperCase(Locale.ROOT);
    String normalized = wanted.equals("WARNING") ? "WARN" : wanted;
    return Arrays.stream(Level.values()).filter(l -> l.name().equals(normalized)).findFirst();
  }

  /** Sets the least severe level written. */
  public static void level(Level value) {
    level = value;
  }

  /** The least severe level written. */
  public static Level level() {
    return level;
  }

  /** Sets how events are written. */
  public static void format(LogFormat value) {
    format = value;
  }

  /** How events are written. */
  public static LogFormat format() {
    return format;
  }

  /** True when only warnings and errors are written: progress bars stay hidden too. */
  public static boolean quiet() {
    return level.toInt() > Level.INFO.toInt();
  }

  /** Whether an event at {@code eventLevel} of logger {@code name} is written. */
  static boolean enabled(String name, Level eventLevel) {
    int threshold = level.toInt();
    for (Map.Entry<String, Level> floor : LIBRARY_FLOORS) {
      if (name.startsWith(floor.getKey())) {
        threshold = Math.max(threshold, floor.getValue().toInt());
        break;
      }
    }
    return eventLevel.toInt() >= threshold;
  }
}
