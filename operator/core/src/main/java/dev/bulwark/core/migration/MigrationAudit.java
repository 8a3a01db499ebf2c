package dev.bulwark.core.migration;

import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.audit.AuditLog;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The migration audit (R19, R24): one {@code migration_run} line per run in {@code
 * <state>/audit/migration_audit.jsonl}, in the audit trail's format and with its locking. {@code
 * job_id} is the pre-migration snapshot; {@code details} holds versions, counts, the failed objects
 * with reasons, whether the run rolled back, and its duration.
 */
public final class MigrationAudit {
  /** Paths a line lists per kind; counts are always complete. */
  static final int PATHS_LISTED = 100;

  private final AuditLog log;

  /** An audit appending to {@code file}. */
  public MigrationAudit(Path file) {
    this.log = new AuditLog(file);
  }

  /** Appends the line of {@code report}; false (logged) when it could not be written. */
  public boolean append(MigrationReport report, String policy) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("run_id", report.runId());
    details.put("mode", report.mode());
    details.put("policy", policy);
    details.put("from", report.from());
    details.put("to", report.to());
    details.put("selected", report.selected());
    details.put("migrated", report.migrated());
    details.put("skipped", report.skipped());
    details.put("older_than_from", report.olderThanFrom().size());
    if (!report.olderThanFrom().isEmpty()) {
      details.put("older_than_from_paths", first(report.olderThanFrom()));
    }
    details.put("failed", report.failures().size());
    if (!report.failures().isEmpty()) {
      details.put(
          "failures",
          first(report.failures()).stream()
              .map(f -> Map.of("path", f.path(), "reason", f.reason()))
              .toList());
    }
    details.put("rolled_back", report.rolledBack());
    details.put("restored", report.restored());
    details.put("duration_ms", report.duration().toMillis());
    details.put("message", report.message());
    if (report.recoveredRunId() != null) {
      details.put("recovered_run_id", report.recoveredRunId());
    }
    return log.append(
        new AuditEvent(
            report.finishedAt(),
            "migration_run",
            "MigrationPlan",
            report.namespace(),
            report.plan(),
            report.snapshotJobId(),
            report.trigger(),
            report.actor(),
            WireNames.of(report.phase()),
            details));
  }

  private static <T> List<T> first(List<T> items) {
    return items.size() <= PATHS_LISTED ? items : items.subList(0, PATHS_LISTED);
  }
}
