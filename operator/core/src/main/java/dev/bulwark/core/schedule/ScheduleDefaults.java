package dev.bulwark.core.schedule;

import dev.bulwark.api.backup.Schedule;
import dev.bulwark.api.drill.DrillLevel;
import dev.bulwark.api.drill.RestoreDrillSpec;

/**
 * The schedule a resource runs on once unset fields take their defaults: those of the api classes
 * for policies (every 5 minutes, full at 02:00, UTC), weekly for L1/L2 drills and monthly for L3.
 */
public final class ScheduleDefaults {
  /** Drills of levels L1 and L2: Sundays at 03:00. */
  public static final String WEEKLY_DRILL = "0 3 * * 0";

  /** Drills of level L3: the 1st of each month at 04:00. */
  public static final String MONTHLY_DRILL = "0 4 1 * *";

  private static final Schedule POLICY_DEFAULTS = new Schedule();

  private ScheduleDefaults() {}

  /** The incremental cron of a policy schedule (which may be null). */
  public static String incremental(Schedule schedule) {
    return orDefault(
        schedule == null ? null : schedule.getIncremental(), POLICY_DEFAULTS.getIncremental());
  }

  /** The full cron of a policy schedule (which may be null). */
  public static String full(Schedule schedule) {
    return orDefault(schedule == null ? null : schedule.getFull(), POLICY_DEFAULTS.getFull());
  }

  /** The time zone name of a policy schedule (which may be null). */
  public static String timeZone(Schedule schedule) {
    return orDefault(
        schedule == null ? null : schedule.getTimeZone(), POLICY_DEFAULTS.getTimeZone());
  }

  /** The cron of a drill: its own, else by level (monthly for L3, weekly otherwise). */
  public static String drill(RestoreDrillSpec spec) {
    String fallback = spec.getLevel() == DrillLevel.L3 ? MONTHLY_DRILL : WEEKLY_DRILL;
    return orDefault(spec.getSchedule(), fallback);
  }

  /** The time zone name of a drill. */
  public static String drillTimeZone(RestoreDrillSpec spec) {
    return orDefault(spec.getTimeZone(), POLICY_DEFAULTS.getTimeZone());
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
