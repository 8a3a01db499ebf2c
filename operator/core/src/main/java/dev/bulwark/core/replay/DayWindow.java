package dev.bulwark.core.replay;

import java.time.LocalDate;

/**
 * An inclusive range of days, e.g. from {@code bulwark backfill --window 2026-11-01..2026-11-07}.
 *
 * @param start the first day
 * @param end the last day
 */
public record DayWindow(LocalDate start, LocalDate end) {

  public DayWindow {
    if (end.isBefore(start)) {
      throw new IllegalArgumentException(
          "the window ends (" + end + ") before it starts (" + start + ")");
    }
  }

  /**
   * Parses {@code A..B} (or a single day).
   *
   * @throws IllegalArgumentException with a message naming the expected form
   */
  public static DayWindow parse(String text) {
    String[] parts = text.trim().split("\\.\\.", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a window; write START..END, e.g. 2026-11-01..2026-11-07");
    }
    try {
      LocalDate start = ReplaySettings.day(parts[0], "window start");
      LocalDate end = parts.length == 2 ? ReplaySettings.day(parts[1], "window end") : start;
      return new DayWindow(start, end);
    } catch (ReplayPlanException e) {
      throw new IllegalArgumentException(
          e.getMessage() + "; write START..END, e.g. 2026-11-01..2026-11-07");
    }
  }
}
