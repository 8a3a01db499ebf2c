package dev.bulwark.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static List<Instant> firings(CronSchedule schedule, Instant from, int count) {
    List<Instant> out = new ArrayList<>();
    Instant t = from;
    for (int i = 0; i < count; i++) {
      t = schedule.nextAfter(t);
      out.add(t);
    }
    return out;
  }

  @Test
  void nextAfterIsStrictlyAfter() {
    CronSchedule everyFive = CronSchedule.parse("*/5 * * * *", UTC);

    assertThat(everyFive.nextAfter(at("2026-01-01T10:02:00Z")))
        .isEqualTo(at("2026-01-01T10:05:00Z"));
    assertThat(everyFive.nextAfter(at("2026-01-01T10:05:00Z")))
        .isEqualTo(at("2026-01-01T10:10:00Z"));
    assertThat(everyFive.nextAfter(at("2026-01-01T10:04:59.999Z")))
        .isEqualTo(at("2026-01-01T10:05:00Z"));
  }

  @Test
  void lastAtOrBeforeIncludesAnExactFiring() {
    CronSchedule everyFive = CronSchedule.parse("*/5 * * * *", UTC);

    assertThat(everyFive.lastAtOrBefore(at("2026-01-01T10:05:00Z")))
        .contains(at("2026-01-01T10:05:00Z"));
    assertThat(everyFive.lastAtOrBefore(at("2026-01-01T10:09:59Z")))
        .contains(at("2026-01-01T10:05:00Z"));
  }

  @Test
  void lastAtOrBeforeReachesBackYearsForRareExpressions() {
    CronSchedule leapDay = CronSchedule.parse("0 0 29 2 *", UTC);

    assertThat(leapDay.lastAtOrBefore(at("2026-06-01T00:00:00Z")))
        .contains(at("2024-02-29T00:00:00Z"));
    assertThat(leapDay.nextAfter(at("2026-06-01T00:00:00Z"))).isEqualTo(at("2028-02-29T00:00:00Z"));
  }

  @ParameterizedTest
  @CsvSource({
    "@hourly,    2026-01-07T10:20:00Z, 2026-01-07T11:00:00Z",
    "@daily,     2026-01-07T10:20:00Z, 2026-01-08T00:00:00Z",
    "@midnight,  2026-01-07T10:20:00Z, 2026-01-08T00:00:00Z",
    "@weekly,    2026-01-07T10:20:00Z, 2026-01-11T00:00:00Z",
    "@monthly,   2026-01-07T10:20:00Z, 2026-02-01T00:00:00Z",
    "@yearly,    2026-01-07T10:20:00Z, 2027-01-01T00:00:00Z",
    "@annually,  2026-01-07T10:20:00Z, 2027-01-01T00:00:00Z",
    "@DAILY,     2026-01-07T10:20:00Z, 2026-01-08T00:00:00Z",
    "0 2 * * *,  2026-01-07T10:20:00Z, 2026-01-08T02:00:00Z",
    "0 3 * * 0,  2026-01-07T10:20:00Z, 2026-01-11T03:00:00Z",
    "0 3 * * 7,  2026-01-07T10:20:00Z, 2026-01-11T03:00:00Z",
    "0 4 1 * *,  2026-01-07T10:20:00Z, 2026-02-01T04:00:00Z",
    "0 2 * * MON-FRI, 2026-01-09T10:20:00Z, 2026-01-12T02:00:00Z"
  })
  void presetsAndFieldsFireAsCronDoes(String expression, String from, String next) {
    assertThat(CronSchedule.parse(expression, UTC).nextAfter(at(from))).isEqualTo(at(next));
  }

  @Test
  void readsWallClockTimesInTheZone() {
    CronSchedule twoAmShanghai = CronSchedule.parse("0 2 * * *", ZoneId.of("Asia/Shanghai"));
    CronSchedule twoAmNewYork = CronSchedule.parse("0 2 * * *", NEW_YORK);

    assertThat(twoAmShanghai.nextAfter(at("2026-01-07T10:00:00Z")))
        .isEqualTo(at("2026-01-07T18:00:00Z"));
    assertThat(twoAmNewYork.nextAfter(at("2026-01-07T10:00:00Z")))
        .isEqualTo(at("2026-01-08T07:00:00Z"));
    assertThat(twoAmNewYork.nextAfter(at("2026-07-07T10:00:00Z")))
        .isEqualTo(at("2026-07-08T06:00:00Z"));
  }

  @Test
  void aTimeSkippedBySpringForwardFiresOnceRightAfterTheGap() {
    // Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00Z); 02:30 does not exist that night.
    CronSchedule halfPastTwo = CronSchedule.parse("30 2 * * *", BERLIN);

    assertThat(firings(halfPastTwo, at("2026-03-27T12:00:00Z"), 3))
        .containsExactly(
            at("2026-03-28T01:30:00Z"), // 02:30 CET
            at("2026-03-29T01:00:00Z"), // 03:00 CEST, the first instant after the gap
            at("2026-03-30T00:30:00Z")); // 02:30 CEST
  }

  @Test
  void matchesInsideTheGapCollapseIntoOneFiring() {
    CronSchedule everyFive = CronSchedule.parse("*/5 * * * *", BERLIN);

    assertThat(firings(everyFive, at("2026-03-29T00:50:00Z"), 4))
        .containsExactly(
            at("2026-03-29T00:55:00Z"), // 01:55 CET
            at("2026-03-29T01:00:00Z"), // 02:00..02:55 do not exist; 03:00 CEST
            at("2026-03-29T01:05:00Z"),
            at("2026-03-29T01:10:00Z"));
  }

  @Test
  void aFixedTimeInTheRepeatedHourFiresOnce() {
    // New York 2026-11-01: 02:00 EDT falls back to 01:00 EST, so 01:30 happens twice.
    CronSchedule halfPastOne = CronSchedule.parse("30 1 * * *", NEW_YORK);

    assertThat(firings(halfPastOne, at("2026-10-31T12:00:00Z"), 2))
        .containsExactly(
            at("2026-11-01T05:30:00Z"), // 01:30 EDT
            at("2026-11-02T06:30:00Z")); // 01:30 EST the next day; not 06:30Z on the 1st
    assertThat(halfPastOne.lastAtOrBefore(at("2026-11-01T07:00:00Z")))
        .contains(at("2026-11-01T05:30:00Z"));
  }

  @Test
  void anHourlyCadenceKeepsRunningThroughTheRepeatedHour() {
    CronSchedule everyHalfHour = CronSchedule.parse("*/30 * * * *", NEW_YORK);

    List<Instant> firings = firings(everyHalfHour, at("2026-11-01T04:50:00Z"), 6);

    assertThat(firings)
        .containsExactly(
            at("2026-11-01T05:00:00Z"), // 01:00 EDT
            at("2026-11-01T05:30:00Z"), // 01:30 EDT
            at("2026-11-01T06:00:00Z"), // 01:00 EST
            at("2026-11-01T06:30:00Z"), // 01:30 EST
            at("2026-11-01T07:00:00Z"), // 02:00 EST
            at("2026-11-01T07:30:00Z"));
    assertThat(everyHalfHour.lastAtOrBefore(at("2026-11-01T06:10:00Z")))
        .contains(at("2026-11-01T06:00:00Z"));
    assertThat(everyHalfHour.lastAtOrBefore(at("2026-11-01T05:59:00Z")))
        .contains(at("2026-11-01T05:30:00Z"));
  }

  @ParameterizedTest
  @CsvSource({
    "Europe/Berlin,       2026-03-29T01:00:00Z", // spring forward: 02:00 -> 03:00
    "America/New_York,    2026-11-01T06:00:00Z", // fall back: 02:00 -> 01:00
    "Australia/Lord_Howe, 2026-04-04T15:00:00Z" // fall back by half an hour
  })
  void nextAndLastAgreeAroundTransitions(String zone, String transition) {
    for (String expression : List.of("*/5 * * * *", "30 2 * * *", "30 1 * * *", "@daily")) {
      CronSchedule schedule = CronSchedule.parse(expression, ZoneId.of(zone));
      Instant end = at(transition).plus(Duration.ofHours(12));
      for (Instant t = at(transition).minus(Duration.ofHours(12));
          t.isBefore(end);
          t = t.plus(Duration.ofMinutes(37))) {
        Instant next = schedule.nextAfter(t);
        assertThat(next).as("%s in %s after %s", expression, zone, t).isAfter(t);
        assertThat(schedule.lastAtOrBefore(next)).contains(next);
        assertThat(schedule.lastAtOrBefore(next.minusSeconds(1)).orElseThrow())
            .as("%s in %s: nothing fires between %s and %s", expression, zone, t, next)
            .isBeforeOrEqualTo(t);
      }
    }
  }

  @Test
  void rejectsMalformedExpressionsWithCronUtilsReason() {
    assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", UTC))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("invalid cron expression '61 * * * *'")
        .hasMessageContaining("Value 61 not in range [0, 59]")
        .hasMessageContaining("expected 5 fields");
    assertThatThrownBy(() -> CronSchedule.parse("0 * * * * *", UTC))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("contains 6 parts");
  }

  @Test
  void rejectsUnknownPresetsEmptyAndNeverFiringExpressions() {
    assertThatThrownBy(() -> CronSchedule.parse("@reboot", UTC))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageStartingWith("unknown cron preset '@reboot'");
    assertThatThrownBy(() -> CronSchedule.parse("  ", UTC))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageStartingWith("cron expression is empty");
    assertThatThrownBy(() -> CronSchedule.parse(null, UTC))
        .isInstanceOf(InvalidScheduleException.class);
    assertThatThrownBy(() -> CronSchedule.parse("0 0 30 2 *", UTC))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("never fires");
  }

  @Test
  void keepsTheExpressionAsWritten() {
    CronSchedule schedule = CronSchedule.parse(" @daily ", BERLIN);

    assertThat(schedule.expression()).isEqualTo("@daily");
    assertThat(schedule.zone()).isEqualTo(BERLIN);
    assertThat(schedule).hasToString("@daily (Europe/Berlin)");
  }

  @Test
  void everyFiresAtMultiplesOfItsIntervalSinceTheEpoch() {
    CronSchedule every = CronSchedule.parse("@every 20s", BERLIN);

    assertThat(every.nextAfter(Instant.parse("2026-11-28T10:00:05Z")))
        .isEqualTo(Instant.parse("2026-11-28T10:00:20Z"));
    assertThat(every.nextAfter(Instant.parse("2026-11-28T10:00:20Z")))
        .isEqualTo(Instant.parse("2026-11-28T10:00:40Z"));
    assertThat(every.lastAtOrBefore(Instant.parse("2026-11-28T10:00:39.9Z")))
        .contains(Instant.parse("2026-11-28T10:00:20Z"));
    assertThatThrownBy(() -> CronSchedule.parse("@every 0s", UTC))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("at least 1s");
    assertThatThrownBy(() -> CronSchedule.parse("@every soon", UTC))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("not a duration");
  }
}
