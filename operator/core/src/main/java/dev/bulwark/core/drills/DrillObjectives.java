package dev.bulwark.core.drills;

import dev.bulwark.api.drill.Objectives;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.core.schedule.Durations;
import java.time.Duration;

/**
 * The recovery objectives of a drill once defaults apply (RPO 5m, RTO 30m), and the check of
 * measured values against them.
 *
 * @param rpo the largest acceptable data age
 * @param rto the longest acceptable restore time
 */
public record DrillObjectives(Duration rpo, Duration rto) {
  /** The objectives of a drill without any: RPO 5 minutes, RTO 30 minutes. */
  public static final DrillObjectives DEFAULTS =
      new DrillObjectives(Duration.ofMinutes(5), Duration.ofMinutes(30));

  /**
   * The objectives of {@code spec}, defaults for unset fields.
   *
   * @throws dev.bulwark.core.schedule.InvalidScheduleException when a duration does not parse
   */
  public static DrillObjectives of(RestoreDrillSpec spec) {
    Objectives objectives = spec == null ? null : spec.getObjectives();
    if (objectives == null) {
      return DEFAULTS;
    }
    return new DrillObjectives(
        objectives.getRpo() == null ? DEFAULTS.rpo : Durations.parse(objectives.getRpo()),
        objectives.getRto() == null ? DEFAULTS.rto : Durations.parse(objectives.getRto()));
  }

  /** Whether measured {@code rpoSeconds} and {@code rtoSeconds} are within the objectives. */
  public boolean met(long rpoSeconds, long rtoSeconds) {
    return rpoSeconds <= rpo.toSeconds() && rtoSeconds <= rto.toSeconds();
  }

  /** "RPO 7m12s (objective 5m), RTO 3s (objective 30m)". */
  public String describe(long rpoSeconds, long rtoSeconds) {
    return "RPO "
        + human(rpoSeconds)
        + " (objective "
        + human(rpo.toSeconds())
        + "), RTO "
        + human(rtoSeconds)
        + " (objective "
        + human(rto.toSeconds())
        + ")";
  }

  /** 45s, 7m12s, 3h5m, 2d4h: a duration in seconds as ops read it. */
  public static String human(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }
    if (seconds < 86400) {
      return seconds / 3600 + "h" + (seconds % 3600 / 60 == 0 ? "" : seconds % 3600 / 60 + "m");
    }
    return seconds / 86400
        + "d"
        + (seconds % 86400 / 3600 == 0 ? "" : seconds % 86400 / 3600 + "h");
  }
}
