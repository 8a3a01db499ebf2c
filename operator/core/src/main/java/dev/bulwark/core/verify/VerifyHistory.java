package dev.bulwark.core.verify;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.runs.RunStore;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.verify.VerifyProblem;
import dev.bulwark.engine.verify.VerifyReport;
import dev.bulwark.engine.verify.VerifyRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a finished verify run goes, whoever ran it: its record ({@link RunStore}, {@code
 * <state>/verify/[<namespace>/]<policy>/<run_id>.json}, trimmed to the newest {@link
 * #KEPT_PER_POLICY}), one {@code verify} line in the audit trail, a log line, and the listener
 * (metrics). {@link VerifyRunner} ends its runs here; {@code bulwark verify} records a repository
 * verify here too, so the status and the gate see it like a periodic one.
 */
public final class VerifyHistory {
  /** How many run records a policy keeps on disk. */
  public static final int KEPT_PER_POLICY = 50;

  private static final Logger LOG = LoggerFactory.getLogger(VerifyHistory.class);

  private final RunStore<VerifyRecord> store;
  private final AuditLog audit;
  private final Clock clock;
  private final Consumer<VerifyRecord> listener;

  /** The history under {@code paths}; {@code listener} is told about every finished run. */
  public VerifyHistory(StatePaths paths, Clock clock, Consumer<VerifyRecord> listener) {
    this.store =
        new RunStore<>(
            VerifyRecord.class,
            "verify record",
            key -> paths.verifyDir(key.namespace(), key.owner()));
    this.audit = new AuditLog(paths.auditLog());
    this.clock = clock;
    this.listener = listener;
  }

  /** The records. */
  public RunStore<VerifyRecord> store() {
    return store;
  }

  /**
   * Records a verify someone ran by hand over the repository or a sample of it.
   *
   * @param target the target verified
   * @param sample the sample asked for, or null for every snapshot
   */
  public VerifyRecord recordManual(
      BackupPolicy policy,
      Optional<String> namespace,
      String actor,
      String target,
      String sample,
      VerifyRequest request,
      VerifyReport report,
      Instant startedAt) {
    List<String> shown =
        report.problems().stream()
            .limit(VerifyRecord.PROBLEMS_KEPT)
            .map(VerifyProblem::toString)
            .toList();
    return finish(
        new VerifyRecord(
            JobId.generate(startedAt),
            policy.getRef().name(),
            namespace.orElse(null),
            "manual",
            actor,
            report.ok() ? VerifyRecord.SUCCESS : VerifyRecord.FAILED,
            startedAt,
            clock.instant(),
            target,
            request.readData(),
            sample,
            report.snapshotsChecked(),
            report.snapshotsInRepository(),
            report.packsRead(),
            report.filesVerified(),
            report.bytesRead(),
            report.problems().size(),
            shown,
            null));
  }

  /** Writes the final record, trims the history, appends the audit line and tells the listener. */
  VerifyRecord finish(VerifyRecord record) {
    store.write(record);
    store.keepNewest(record.key(), KEPT_PER_POLICY);
    Map<String, Object> details = new LinkedHashMap<>();
    if (record.target() != null) {
      details.put("target", record.target());
    }
    details.put("read_data", record.readData());
    details.put("sample", record.sample());
    if (record.snapshotsChecked() != null) {
      details.put("snapshots_checked", record.snapshotsChecked());
      details.put("problems", record.problemCount());
    }
    if (!record.succeeded()) {
      details.put("error", record.summary());
    }
    audit.append(
        new AuditEvent(
            clock.instant(),
            "verify",
            "BackupPolicy",
            record.namespace(),
            record.policy(),
            record.runId(),
            record.trigger(),
            record.actor(),
            record.succeeded() ? "success" : "failed",
            details));
    if (record.succeeded()) {
      LOG.info("BackupPolicy/{}: {}", record.policy(), record.summary());
    } else {
      LOG.warn("BackupPolicy/{}: {}", record.policy(), record.summary());
    }
    try {
      listener.accept(record);
    } catch (RuntimeException e) {
      LOG.error("verify listener failed for {}", record.runId(), e);
    }
    return record;
  }
}
