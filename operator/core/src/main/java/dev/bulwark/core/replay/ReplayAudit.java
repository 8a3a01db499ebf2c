package dev.bulwark.core.replay;

import dev.bulwark.api.common.WireNames;
import dev.bulwark.api.replay.PartitionState;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.audit.AuditLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replay audit (R21, R24): one {@code replay_run} line per run in {@code
 * <state>/audit/replay_audit.jsonl}, in the audit trail's format and with its locking. {@code
 * job_id} is the snapshot the inputs came from, if any; {@code details} holds the action, the
 * analyzer version, counts and each partition's ending.
 */
final class ReplayAudit {
  private final AuditLog log;

  ReplayAudit(Path file) {
    this.log = new AuditLog(file);
  }

  /** Appends the line of {@code run}; false (logged) when it could not be written. */
  boolean append(ReplayRunRecord run, String trigger, String actor) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("run_id", run.runId());
    details.put("action", run.action());
    details.put("analyzer_version", run.analyzerVersion());
    details.put("upstream_manifest", run.upstreamManifest());
    for (PartitionState state : PartitionState.values()) {
      details.put(WireNames.of(state), run.count(state));
    }
    Map<String, String> partitions = new LinkedHashMap<>();
    run.partitions().forEach(p -> partitions.put(p.key(), WireNames.of(p.state())));
    details.put("partitions", partitions);
    details.put("duration_ms", Duration.between(run.startedAt(), run.finishedAt()).toMillis());
    details.put("message", run.message());
    String snapshot =
        run.upstreamManifest() != null && run.upstreamManifest().startsWith(ReplayRunner.SNAPSHOT)
            ? run.upstreamManifest().substring(ReplayRunner.SNAPSHOT.length())
            : null;
    return log.append(
        new AuditEvent(
            run.finishedAt(),
            "replay_run",
            "ReplayPlan",
            run.namespace(),
            run.plan(),
            snapshot,
            trigger,
            actor,
            WireNames.of(run.phase()),
            details));
  }
}
