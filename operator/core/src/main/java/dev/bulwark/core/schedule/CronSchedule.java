package dev.bulwark.core.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A 5-field UNIX cron expression (or a preset such as {@code @daily}) read in a time zone;
 * cron-utils parses and matches it. {@code @every <duration>} (as in Velero and robfig/cron, e.g.
 * {@code @every 30s}) fires at every multiple of the duration since the Unix epoch, whatever the
 * zone: the one way to a cadence finer than a minute, for tests and demos.
 *
 * <p>Expressions name wall-clock times, and daylight saving time makes some of those skip or
 * repeat. This class follows Vixie cron so that no backup is silently lost: a time that falls in a
 * gap (02:30 on a spring-forward night) fires once at the first instant after the gap; a time that
 * occurs twice fires at its first occurrence only, unless the hour field is a wildcard ({@code *},
 * {@code *}/n), whose cadence is kept through both occurrences (an incremental every 5 minutes
 * keeps running during the repeated hour).
 */
public final class CronSchedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** cron-utils rejects nicknames under the UNIX definition; these are their 5-field meanings. */
  private static final Map<String, String> PRESETS =
      Map.of(
          "@hourly", "0 * * * *",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@weekly", "0 0 * * 0",
          "@monthly", "0 0 1 * *",
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *");

  private static final String EXPECTED =
      "expected 5 fields (minute hour day-of-month month day-of-week), e.g. \"*/5 * * * *\", or"
          + " one of @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually, or @every"
          + " <duration> such as @every 30s";
  private static final String EVERY = "@every ";

  /**
   * How far a wall-clock time can map away from its neighbours' instants: more than any real offset
   * change (at most 2 hours), so that scans starting this far off see every candidate.
   */
  private static final Duration MAX_SHIFT = Duration.ofHours(3);

  private static final LocalDateTime REFERENCE = LocalDateTime.of(2000, 1, 1, 0, 0);

  private final String expression;
  private final ZoneId zone;
  private final ZoneRules rules;
  private final ExecutionTime wallClock;
  private final boolean repeatsInOverlap;

  /** The interval of an {@code @every} schedule, in milliseconds; 0 for a cron expression. */
  private final long everyMillis;

  private CronSchedule(String expression, ZoneId zone, long everyMillis) {
    this.expression = expression;
    this.zone = zone;
    this.rules = zone.getRules();
    this.wallClock = null;
    this.repeatsInOverlap = false;
    this.everyMillis = everyMillis;
  }

  private CronSchedule(String expression, ZoneId zone, Cron cron) {
    this.everyMillis = 0;
    this.expression = expression;
    this.zone = zone;
    this.rules = zone.getRules();
    this.wallClock = ExecutionTime.forCron(cron);
    this.repeatsInOverlap =
        cron.retrieve(CronFieldName.HOUR).getExpression().asString().startsWith("*");
  }

  /**
   * Parses an expression to be read in a zone.
   *
   * @throws InvalidScheduleException when the expression is empty, malformed or never fires
   */
  public static CronSchedule parse(String expression, ZoneId zone) {
    if (expression == null || expression.isBlank()) {
      throw new InvalidScheduleException("cron expression is empty; " + EXPECTED);
    }
    String trimmed = expression.trim();
    String fields = trimmed;
    if (trimmed.toLowerCase(Locale.ROOT).startsWith(EVERY)) {
      Duration every = Durations.parse(trimmed.substring(EVERY.length()));
      if (every.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new InvalidScheduleException(
            "'" + trimmed + "': the interval must be at least 1s; " + EXPECTED);
      }
      return new CronSchedule(trimmed, zone, every.toMillis());
    }
    if (trimmed.startsWith("@")) {
      fields = PRESETS.get(trimmed.toLowerCase(Locale.ROOT));
      if (fields == null) {
        throw new InvalidScheduleException("unknown cron preset '" + trimmed + "'; " + EXPECTED);
      }
    }
    Cron cron;
    try {
      cron = PARSER.parse(fields);
    } catch (IllegalArgumentException e) {
      throw new InvalidScheduleException(
          "invalid cron expression '" + trimmed + "': " + e.getMessage() + "; " + EXPECTED, e);
    }
    CronSchedule schedule = new CronSchedule(trimmed, zone, cron);
    if (schedule.wallClock.nextExecution(REFERENCE.atZone(ZoneOffset.UTC)).isEmpty()) {
      throw new InvalidScheduleException(
          "cron expression '" + trimmed + "' never fires (no such date); " + EXPECTED);
    }
    return schedule;
  }

  /** The expression as written (trimmed). */
  public String expression() {
    return expression;
  }

  /** The zone the expression is read in. */
  public ZoneId zone() {
    return zone;
  }

  /** The first firing strictly after {@code t}. */
  public Instant nextAfter(Instant t) {
    if (everyMillis > 0) {
      return Instant.ofEpochMilli(
          Math.floorDiv(t.toEpochMilli(), everyMillis) * everyMillis + everyMillis);
    }
    Optional<ZonedDateTime> wall = Optional.of(wallClockOf(t).minus(margin(t)));
    Instant best = null;
    while ((wall = wall.flatMap(wallClock::nextExecution)).isPresent()) {
      LocalDateTime w = wall.get().toLocalDateTime();
      if (best != null && w.isAfter(best.atZone(zone).toLocalDateTime().plus(margin(best)))) {
        break;
      }
      for (Instant firing : firings(w)) {
        if (firing.isAfter(t) && (best == null || firing.isBefore(best))) {
          best = firing;
        }
      }
    }
    if (best == null) {
      throw new IllegalStateException("cron expression '" + expression + "' fires no more");
    }
    return best;
  }

  /** The last firing at or before {@code t}, if the expression fired before (for catch-up). */
  public Optional<Instant> lastAtOrBefore(Instant t) {
    if (everyMillis > 0) {
      return Optional.of(
          Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), everyMillis) * everyMillis));
    }
    Optional<ZonedDateTime> wall = Optional.of(wallClockOf(t).plus(margin(t)).plusMinutes(1));
    Instant best = null;
    while ((wall = wall.flatMap(wallClock::lastExecution)).isPresent()) {
      LocalDateTime w = wall.get().toLocalDateTime();
      if (best != null && w.isBefore(best.atZone(zone).toLocalDateTime().minus(margin(best)))) {
        break;
      }
      for (Instant firing : firings(w)) {
        if (!firing.isAfter(t) && (best == null || firing.isAfter(best))) {
          best = firing;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * How far from an instant's wall-clock time a scan must look. Only a repeated hour reorders
   * wall-clock times against instants (a gap maps its times onto its end, keeping the order), so
   * the margin is zero unless such an overlap is near.
   */
  private Duration margin(Instant around) {
    ZoneOffsetTransition transition = rules.nextTransition(around.minus(MAX_SHIFT));
    boolean overlapNear =
        transition != null
            && transition.isOverlap()
            && !transition.getInstant().isAfter(around.plus(MAX_SHIFT));
    return overlapNear ? MAX_SHIFT : Duration.ZERO;
  }

  /**
   * The wall-clock time of an instant, as a UTC date-time: cron-utils then matches fields against a
   * clock without transitions, and this class alone decides how wall-clock times map to instants.
   */
  private ZonedDateTime wallClockOf(Instant t) {
    return t.atZone(zone).toLocalDateTime().atZone(ZoneOffset.UTC);
  }

  /** The instants at which a matching wall-clock time fires (see the class comment). */
  private List<Instant> firings(LocalDateTime wall) {
    List<ZoneOffset> offsets = rules.getValidOffsets(wall);
    if (offsets.size() == 1) {
      return List.of(wall.toInstant(offsets.get(0)));
    }
    ZoneOffsetTransition transition = rules.getTransition(wall);
    if (offsets.isEmpty()) {
      return List.of(transition.getInstant());
    }
    Instant first = wall.toInstant(transition.getOffsetBefore());
    Instant second = wall.toInstant(transition.getOffsetAfter());
    return repeatsInOverlap ? List.of(first, second) : List.of(first);
  }

  @Override
  public String toString() {
    return expression + " (" + zone + ")";
  }
}
