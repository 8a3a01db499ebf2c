package dev.bulwark.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimeZonesTest {
  @Test
  void readsIanaNames() {
    assertThat(TimeZones.parse("Asia/Shanghai")).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(TimeZones.parse("UTC")).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void rejectsUnknownNamesSayingWhatIsExpected() {
    assertThatThrownBy(() -> TimeZones.parse("Mars/Olympus"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessage(
            "unknown time zone 'Mars/Olympus'; expected an IANA name such as UTC or Europe/Berlin");
    assertThatThrownBy(() -> TimeZones.parse(" "))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageStartingWith("time zone is empty");
  }
}
