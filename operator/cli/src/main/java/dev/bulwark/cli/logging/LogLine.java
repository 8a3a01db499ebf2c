package dev.bulwark.cli.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.slf4j.event.Level;

/** Renders one event in a {@link LogFormat}, ending with a newline. */
final class LogLine {
  private LogLine() {}

  static String render(
      LogFormat format, Instant time, Level level, String logger, String message, Throwable error) {
    return format == LogFormat.JSON
        ? json(time, level, logger, message, error)
        : text(time, level, logger, message, error);
  }

  private static String text(
      Instant time, Level level, String logger, String message, Throwable error) {
    StringBuilder line = new StringBuilder(96 + message.length());
    line.append(time)
        .append(" [")
        .append(level)
        .append("] ")
        .append(shortName(logger))
        .append(" - ")
        .append(message)
        .append(System.lineSeparator());
    if (error != null) {
      line.append(stackTrace(error));
    }
    return line.toString();
  }

  private static String json(
      Instant time, Level level, String logger, String message, Throwable error) {
    StringBuilder line = new StringBuilder(128 + message.length());
    line.append("{\"time\":");
    quote(line, time.toString());
    line.append(",\"level\":");
    quote(line, level.name());
    line.append(",\"logger\":");
    quote(line, logger);
    line.append(",\"message\":");
    quote(line, message);
    if (error != null) {
      line.append(",\"error\":");
      quote(line, stackTrace(error));
    }
    return line.append('}').append('\n').toString();
  }

  /** The simple class name, as the text format has always shown it. */
  private static String shortName(String logger) {
    return logger.substring(logger.lastIndexOf('.') + 1);
  }

  private static String stackTrace(Throwable error) {
    StringWriter out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /** Appends {@code value} as a JSON string (RFC 8259 escapes). */
  static void quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
