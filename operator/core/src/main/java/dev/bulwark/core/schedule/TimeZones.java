package dev.bulwark.core.schedule;

import java.time.DateTimeException;
import java.time.ZoneId;

/** Reads the IANA time zone names of specs ({@code timeZone: Europe/Berlin}). */
public final class TimeZones {
  private TimeZones() {}

  /**
   * The zone of that name.
   *
   * @throws InvalidScheduleException when the name is blank or not a known zone
   */
  public static ZoneId parse(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidScheduleException(
          "time zone is empty; expected an IANA name such as UTC or Europe/Berlin");
    }
    try {
      return ZoneId.of(name.trim());
    } catch (DateTimeException e) {
      throw new InvalidScheduleException(
          "unknown time zone '" + name + "'; expected an IANA name such as UTC or Europe/Berlin",
          e);
    }
  }
}
