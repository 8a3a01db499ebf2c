package dev.bulwark.core.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bulwark.api.migration.MigrationPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The result of one run, as the CLI prints it and the run record and audit summarise it.
 *
 * @param plan the MigrationPlan
 * @param namespace its namespace; null in compose mode
 * @param runId the run's id
 * @param mode apply or dry-run
 * @param from the plan's from version
 * @param to the plan's to version
 * @param trigger controller or manual
 * @param actor controller or cli:<user>
 * @param phase how it ended: Succeeded, Failed, RolledBack or GateBlocked
 * @param startedAt when it started
 * @param finishedAt when it ended
 * @param selected objects the selectors matched
 * @param migrated objects written at {@code to} (dry run: that would be)
 * @param skipped objects already at {@code to} or newer
 * @param olderThanFrom objects older than {@code from} (and objects without a version), left alone
 * @param failures objects that failed, and why; the first one stopped an apply run
 * @param snapshotJobId the pre-migration snapshot, when one was taken
 * @param rolledBack whether touched objects were restored from it (and verified)
 * @param restored objects the rollback restored
 * @param changes per object, what a dry run would change
 * @param message one line saying what happened
 * @param recoveredRunId an interrupted run this run rolled back before starting
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationReport(
    @JsonProperty("plan") String plan,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("run_id") String runId,
    @JsonProperty("mode") String mode,
    @JsonProperty("from") int from,
    @JsonProperty("to") int to,
    @JsonProperty("trigger") String trigger,
    @JsonProperty("actor") String actor,
    @JsonProperty("phase") MigrationPhase phase,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("finished_at") Instant finishedAt,
    @JsonProperty("selected") int selected,
    @JsonProperty("migrated") int migrated,
    @JsonProperty("skipped") int skipped,
    @JsonProperty("older_than_from") List<String> olderThanFrom,
    @JsonProperty("failures") List<ObjectFailure> failures,
    @JsonProperty("snapshot_job_id") String snapshotJobId,
    @JsonProperty("rolled_back") boolean rolledBack,
    @JsonProperty("restored") int restored,
    @JsonProperty("changes") List<ObjectChange> changes,
    @JsonProperty("message") String message,
    @JsonProperty("recovered_run_id") String recoveredRunId) {

  public MigrationReport {
    olderThanFrom = List.copyOf(olderThanFrom);
    failures = List.copyOf(failures);
    changes = List.copyOf(changes);
  }

  /** Whether the run did what it was asked: Succeeded. */
  public boolean succeeded() {
    return phase == MigrationPhase.SUCCEEDED;
  }

  /** Wall time of the run. */
  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }
}
