package dev.bulwark.core.verify;

import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.backup.PeriodicVerify;
import dev.bulwark.engine.verify.VerifyRequest;
import java.util.Optional;

/**
 * A policy's periodic verify once unset fields take their defaults: weekly (Sundays at 05:00, in
 * the policy's schedule time zone), {@value #DEFAULT_SAMPLE} snapshots (the newest always among
 * them), with their data read and hashed.
 *
 * @param schedule the cron or preset
 * @param sample a count ({@code 3}) or a percentage ({@code 10%})
 * @param readData whether to read the sampled snapshots' data
 * @param suspended whether the periodic verify is off
 */
public record VerifySettings(String schedule, String sample, boolean readData, boolean suspended) {
  /** The default schedule: weekly, after the weekly L1 drill (Sundays 03:00). */
  public static final String DEFAULT_SCHEDULE = "0 5 * * 0";

  /** The default sample: three snapshots, the newest among them. */
  public static final String DEFAULT_SAMPLE = "3";

  /** The settings of a policy spec. */
  public static VerifySettings of(BackupPolicySpec spec) {
    PeriodicVerify verify =
        spec == null || spec.getVerify() == null ? new PeriodicVerify() : spec.getVerify();
    return new VerifySettings(
        blank(verify.getSchedule()) ? DEFAULT_SCHEDULE : verify.getSchedule().trim(),
        blank(verify.getSample()) ? DEFAULT_SAMPLE : verify.getSample().trim(),
        verify.getReadData() == null || verify.getReadData(),
        Boolean.TRUE.equals(verify.getSuspend()));
  }

  /**
   * Why {@code sample} is not a count or a percentage, if it is not.
   *
   * @return empty when valid
   */
  public static Optional<String> sampleProblem(String sample) {
    try {
      request(sample, false);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(
          "'" + sample + "' is not a count (3) or a percentage (10%): " + e.getMessage());
    }
  }

  /** The engine's request for these settings. */
  public VerifyRequest request() {
    return request(sample, readData);
  }

  private static VerifyRequest request(String sample, boolean readData) {
    VerifyRequest.Builder request = VerifyRequest.builder().readData(readData);
    if (sample.endsWith("%")) {
      request.sampleFraction(
          Double.parseDouble(sample.substring(0, sample.length() - 1).trim()) / 100.0);
    } else {
      request.sampleCount(Integer.parseInt(sample));
    }
    return request.build();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
