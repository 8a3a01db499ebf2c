package dev.bulwark.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TestingClockTest {
  @Test
  void standsStillUntilMoved() {
    TestingClock clock = TestingClock.at("2026-01-07T10:00:00Z");

    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-07T10:00:00Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2026-01-07T10:00:00Z").toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);

    assertThat(clock.advance(Duration.ofMinutes(5)))
        .isEqualTo(Instant.parse("2026-01-07T10:05:00Z"));
    clock.set(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
  }

  @Test
  void aZonedViewSharesTheTime() {
    TestingClock clock = TestingClock.at(Instant.EPOCH);
    TestingClock berlin = clock.withZone(ZoneId.of("Europe/Berlin"));

    clock.advance(Duration.ofHours(1));

    assertThat(berlin.instant()).isEqualTo(Instant.EPOCH.plus(Duration.ofHours(1)));
    assertThat(berlin.getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
  }
}
