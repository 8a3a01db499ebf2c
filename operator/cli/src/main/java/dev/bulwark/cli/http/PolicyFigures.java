package dev.bulwark.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.BackupRef;
import dev.bulwark.api.drill.DrillRun;
import dev.bulwark.api.drill.RestoreDrillStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The figures the status page and {@code bulwark status} show for a policy or a drill, read from
 * its status. Fields that newer statuses may carry ({@code incrementalSuccess24h}, {@code
 * lastVerify}) are read by name from the status as JSON, so they show up as soon as the runtime
 * writes them, and are simply absent before.
 */
public final class PolicyFigures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PolicyFigures() {}

  /** The newest successful backup's finish time. */
  public static Optional<Instant> lastBackupAt(BackupPolicyStatus status) {
    return Optional.ofNullable(status)
        .map(BackupPolicyStatus::getLastSuccessfulBackup)
        .map(BackupRef::getFinishedAt)
        .flatMap(HumanTime::parse);
  }

  /** {@code incremental 20261204T170500Z-7fecde}, or empty before the first success. */
  public static Optional<String> lastBackup(BackupPolicyStatus status) {
    return Optional.ofNullable(status)
        .map(BackupPolicyStatus::getLastSuccessfulBackup)
        .map(ref -> (ref.getType() == null ? "" : ref.getType() + " ") + ref.getJobId());
  }

  /** {@code 99.3% (143 of 144)} over the last 24 hours, when the status reports it. */
  public static Optional<String> incrementalSuccess24h(Object status) {
    JsonNode rate = tree(status).path("incrementalSuccess24h");
    if (!rate.isObject()) {
      return Optional.empty();
    }
    long succeeded = rate.path("succeeded").asLong(0);
    long failed = rate.path("failed").asLong(0);
    if (succeeded + failed == 0) {
      return Optional.of("no incrementals");
    }
    double ratio =
        rate.hasNonNull("ratio")
            ? rate.path("ratio").asDouble()
            : (double) succeeded / (succeeded + failed);
    return Optional.of(
        String.format(
            Locale.ROOT, "%.1f%% (%d of %d)", ratio * 100, succeeded, succeeded + failed));
  }

  /** {@code passed 2h ago} or {@code failed 5m ago} for the last periodic verify, when reported. */
  public static Optional<String> lastVerify(Object status, Instant now) {
    JsonNode verify = tree(status).path("lastVerify");
    if (!verify.isObject()) {
      return Optional.empty();
    }
    String result =
        verify.has("succeeded")
            ? (verify.path("succeeded").asBoolean() ? "passed" : "failed")
            : verify.path("state").asText("ran");
    return Optional.of(
        result
            + HumanTime.parse(verify.path("finishedAt").asText(null))
                .map(at -> " " + HumanTime.relative(at, now))
                .orElse(""));
  }

  /** The newest finished run of a drill. */
  public static Optional<DrillRun> lastRun(RestoreDrillStatus status) {
    if (status == null) {
      return Optional.empty();
    }
    if (status.getRecentRuns() != null && !status.getRecentRuns().isEmpty()) {
      return Optional.of(status.getRecentRuns().get(0));
    }
    return Optional.ofNullable(status.getLastRun()).filter(r -> r.getFinishedAt() != null);
  }

  /** {@code 27s / 5m}: a measurement against its objective; {@code -} when not measured. */
  public static String against(Long measured, Long objective) {
    String value = measured == null ? "-" : HumanTime.duration(measured);
    return objective == null ? value : value + " / " + HumanTime.duration(objective);
  }

  private static JsonNode tree(Object status) {
    return status == null ? JSON.missingNode() : JSON.valueToTree(status);
  }
}
