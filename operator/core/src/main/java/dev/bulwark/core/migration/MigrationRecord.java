package dev.bulwark.core.migration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bulwark.api.migration.MigrationPhase;
import dev.bulwark.core.runs.RunPhase;
import dev.bulwark.core.runs.RunRecord;
import java.time.Instant;
import java.util.List;

/**
 * One run as kept under {@code <state>/migrations/<plan>/runs/<run_id>.json}, rewritten at every
 * phase; the controllers read it to set the plan's status.
 *
 * @param runId the run's id
 * @param plan the MigrationPlan
 * @param namespace its namespace; null in compose mode
 * @param generation the spec generation a controller started it for; null for CLI runs
 * @param mode apply or dry-run
 * @param phase where it is, or how it ended
 * @param trigger controller or manual
 * @param actor controller or cli:<user>
 * @param startedAt when it started
 * @param finishedAt when it ended; null while running
 * @param selected objects selected
 * @param migrated objects migrated
 * @param skipped objects already at the target version
 * @param olderThanFrom objects older than from (or without a version)
 * @param failed objects that failed
 * @param failures the first failures as {@code path: reason}
 * @param snapshotJobId the pre-migration snapshot
 * @param rolledBack whether touched objects were restored and verified
 * @param message one line saying what happened
 * @param interrupted true when the process running it died mid-run (its journal is rolled back
 *     next)
 * @param host the host running it
 * @param pid the process running it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MigrationRecord(
    @JsonProperty("run_id") String runId,
    @JsonProperty("plan") String plan,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("generation") Long generation,
    @JsonProperty("mode") String mode,
    @JsonProperty("phase") MigrationPhase phase,
    @JsonProperty("trigger") String trigger,
    @JsonProperty("actor") String actor,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("finished_at") Instant finishedAt,
    @JsonProperty("selected") Integer selected,
    @JsonProperty("migrated") Integer migrated,
    @JsonProperty("skipped") Integer skipped,
    @JsonProperty("older_than_from") Integer olderThanFrom,
    @JsonProperty("failed") Integer failed,
    @JsonProperty("failures") List<String> failures,
    @JsonProperty("snapshot_job_id") String snapshotJobId,
    @JsonProperty("rolled_back") Boolean rolledBack,
    @JsonProperty("message") String message,
    @JsonProperty("interrupted") Boolean interrupted,
    @JsonProperty("host") String host,
    @JsonProperty("pid") Long pid)
    implements RunRecord {

  /** Failures a record keeps; the audit line has them all. */
  static final int FAILURES_KEPT = 10;

  public MigrationRecord {
    failures = failures == null ? List.of() : List.copyOf(failures);
  }

  /** Whether the run has ended. */
  @Override
  public boolean finished() {
    return finishedAt != null;
  }

  /** Runs are owned by their MigrationPlan. */
  @Override
  public String owner() {
    return plan;
  }

  @Override
  public RunPhase runPhase() {
    if (!finished()) {
      return phase == MigrationPhase.PENDING ? RunPhase.PENDING : RunPhase.RUNNING;
    }
    return phase == MigrationPhase.SUCCEEDED ? RunPhase.SUCCEEDED : RunPhase.FAILED;
  }

  /** The record of a finished run. */
  static MigrationRecord of(MigrationReport report, Long generation) {
    return new MigrationRecord(
        report.runId(),
        report.plan(),
        report.namespace(),
        generation,
        report.mode(),
        report.phase(),
        report.trigger(),
        report.actor(),
        report.startedAt(),
        report.finishedAt(),
        report.selected(),
        report.migrated(),
        report.skipped(),
        report.olderThanFrom().size(),
        report.failures().size(),
        report.failures().stream().limit(FAILURES_KEPT).map(ObjectFailure::toString).toList(),
        report.snapshotJobId(),
        report.rolledBack(),
        report.message(),
        null,
        hostName(),
        ProcessHandle.current().pid());
  }

  /** A running record in {@code next}. */
  MigrationRecord running(MigrationPhase next, String snapshot) {
    return new MigrationRecord(
        runId,
        plan,
        namespace,
        generation,
        mode,
        next,
        trigger,
        actor,
        startedAt,
        null,
        selected,
        migrated,
        skipped,
        olderThanFrom,
        failed,
        failures,
        snapshot,
        null,
        message,
        null,
        host,
        pid);
  }

  /** This running record ended by the death of its process (or thread), at {@code at}. */
  MigrationRecord interruptedAt(java.time.Instant at) {
    return new MigrationRecord(
        runId,
        plan,
        namespace,
        generation,
        mode,
        MigrationPhase.FAILED,
        trigger,
        actor,
        startedAt,
        at,
        selected,
        migrated,
        skipped,
        olderThanFrom,
        failed,
        failures,
        snapshotJobId,
        false,
        "interrupted in phase "
            + phase
            + " (pid "
            + pid
            + " stopped); the next run rolls back what it touched first",
        true,
        host,
        pid);
  }

  /** Whether the run died mid-way. */
  public boolean wasInterrupted() {
    return Boolean.TRUE.equals(interrupted);
  }

  static String hostName() {
    String host = System.getenv("HOSTNAME");
    if (host != null && !host.isBlank()) {
      return host;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
