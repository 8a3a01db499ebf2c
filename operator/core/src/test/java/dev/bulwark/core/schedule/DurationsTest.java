package dev.bulwark.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "30s, PT30S",
    "5m, PT5M",
    "1h, PT1H",
    "2d, PT48H",
    "0s, PT0S",
    "PT5M, PT5M",
    "pt1h30m, PT1H30M",
    "P1D, PT24H"
  })
  void readsShortAndIsoForms(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "5 minutes", "1w", "-5m", "m5", "1.5h"})
  void rejectsOtherTextsSayingWhatIsExpected(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("e.g. 30s, 5m, 1h, 2d or ISO-8601 PT5M");
  }

  @Test
  void rejectsNegativeIsoDurations() {
    assertThatThrownBy(() -> Durations.parse("PT-5M"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessage("'PT-5M' is negative; expected a duration >= 0 such as 5m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void rejectsEmptyText(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).hasMessageStartingWith("duration is empty");
  }
}
