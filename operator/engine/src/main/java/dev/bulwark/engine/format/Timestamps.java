package dev.bulwark.engine.format;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Formats instants for manifests as {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ} (UTC, always nine
 * fraction digits) without the cost of {@link java.time.format.DateTimeFormatter}: a backup formats
 * one per file, tens of thousands per run. {@link Instant#parse} reads the result back.
 */
public final class Timestamps {
  private Timestamps() {}

  /** The manifest form of {@code instant}. */
  public static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    long days = Math.floorDiv(seconds, 86400);
    int secondOfDay = Math.floorMod(seconds, 86400);
    LocalDate date = LocalDate.ofEpochDay(days);
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      return instant.toString();
    }
    char[] c = new char[30];
    put(c, 0, year, 4);
    c[4] = '-';
    put(c, 5, date.getMonthValue(), 2);
    c[7] = '-';
    put(c, 8, date.getDayOfMonth(), 2);
    c[10] = 'T';
    put(c, 11, secondOfDay / 3600, 2);
    c[13] = ':';
    put(c, 14, (secondOfDay / 60) % 60, 2);
    c[16] = ':';
    put(c, 17, secondOfDay % 60, 2);
    c[19] = '.';
    put(c, 20, instant.getNano(), 9);
    c[29] = 'Z';
    return new String(c);
  }

  /**
   * Parses a manifest time; fast for the form {@link #format} writes, {@link Instant#parse} else.
   */
  public static Instant parse(String text) {
    if (text.length() == 30
        && text.charAt(4) == '-'
        && text.charAt(10) == 'T'
        && text.charAt(19) == '.'
        && text.charAt(29) == 'Z') {
      try {
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nanos = digits(text, 20, 9);
        if (hour < 24 && minute < 60 && second < 60) {
          long epochDay = LocalDate.of(year, month, day).toEpochDay();
          return Instant.ofEpochSecond(
              epochDay * 86400 + hour * 3600 + minute * 60 + second, nanos);
        }
      } catch (RuntimeException e) {
        // Not the fast form after all: let the JDK parse it (or reject it).
      }
    }
    return Instant.parse(text);
  }

  private static int digits(String text, int offset, int width) {
    int value = 0;
    for (int i = offset; i < offset + width; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException(text);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static void put(char[] c, int offset, int value, int width) {
    for (int i = offset + width - 1; i >= offset; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
