package dev.bulwark.core.metrics;

import dev.bulwark.engine.backup.BackupResult.DomainTotals;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How one backup job ended, as metrics record it.
 *
 * @param namespace the policy's namespace, {@code ""} in compose mode (null is taken as {@code ""})
 * @param policy the policy's name
 * @param type {@code incremental} or {@code full}
 * @param target the target provider the job wrote to: {@code local}, {@code s3} or {@code oss}
 * @param result {@link #SUCCESS}, {@link #FAILED} or {@link #CANCELED}
 * @param duration wall time from start to end
 * @param finishedAt when the job ended
 * @param domains files and bytes per data domain of the snapshot; empty unless it succeeded
 */
public record BackupOutcome(
    String namespace,
    String policy,
    String type,
    String target,
    String result,
    Duration duration,
    Instant finishedAt,
    Map<String, DomainTotals> domains) {

  /** The job wrote a snapshot. */
  public static final String SUCCESS = "success";

  /** The job ended in an error. */
  public static final String FAILED = "failed";

  /** The job was stopped (shutdown, SIGTERM) before it finished. */
  public static final String CANCELED = "canceled";

  /** The values {@link #result()} may take. */
  public static final Set<String> RESULTS = Set.of(SUCCESS, FAILED, CANCELED);

  public BackupOutcome {
    namespace = namespace == null ? "" : namespace;
    MetricLabels.requireValue(policy, "policy");
    MetricLabels.requireValue(type, "type");
    MetricLabels.requireValue(target, "target");
    if (!RESULTS.contains(result)) {
      throw new IllegalArgumentException(
          "result '" + result + "' is not one of " + MetricLabels.sorted(RESULTS));
    }
    MetricLabels.requireNonNegative(duration, "duration");
    Objects.requireNonNull(finishedAt, "finishedAt");
    domains = domains == null ? Map.of() : Map.copyOf(domains);
  }

  /** True when the job wrote a snapshot. */
  public boolean succeeded() {
    return SUCCESS.equals(result);
  }
}
