package dev.bulwark.api.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A BackupPolicy's status holds times, never ages, and still reads what older versions wrote. */
class BackupPolicyStatusTest {
  // Strict on purpose: an unknown field fails, as it does for readers configured that way.
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Test
  void aStatusWrittenWithADataAgeIsReadAndTheAgeDropped() throws Exception {
    String old =
        "{\"lastSuccessfulBackup\":{\"jobId\":\"20260301T100000Z-full\","
            + "\"finishedAt\":\"2026-03-01T10:00:20Z\"},\"consecutiveFailures\":0,"
            + "\"dataAgeSeconds\":4242}";

    BackupPolicyStatus status = STRICT.readValue(old, BackupPolicyStatus.class);

    assertThat(status.getLastSuccessfulBackup().getFinishedAt()).isEqualTo("2026-03-01T10:00:20Z");
    assertThat(STRICT.writeValueAsString(status))
        .contains("\"finishedAt\":\"2026-03-01T10:00:20Z\"")
        .doesNotContain("dataAgeSeconds");
  }
}
