package dev.bulwark.core.drills;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.api.drill.DrillLevel;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.api.drill.Validators;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.core.postgres.PostgresTools;
import dev.bulwark.core.runs.RunLock;
import dev.bulwark.core.schedule.InvalidScheduleException;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.RestoreFailedException;
import dev.bulwark.engine.RestoreRefusedException;
import dev.bulwark.engine.SchemaVersionsRefusedException;
import dev.bulwark.engine.catalog.SnapshotIndex;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.restore.RestoreResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one RestoreDrill end to end on the calling thread, from the repository alone:
 *
 * <ol>
 *   <li>takes the drill's run lock (one run per drill across processes) and ends as failed any run
 *       a dead process left running;
 *   <li>picks the snapshot: the newest for L1 and L3, the newest at or before the window for L2;
 *   <li>restores into a fresh sandbox: N random objects per domain and/or path globs (L1), the
 *       window's snapshot (L2), everything (L3), every file checked against its sha256;
 *   <li>validates: JSON and CSV parsing, PostgreSQL dumps restored into scratch databases with an
 *       optional SQL check (L3, or when {@code validators.postgres} is set), a custom command;
 *   <li>measures actual RPO (start minus the snapshot's commit) and RTO (start to validated
 *       restore), removes the sandbox and scratch databases whatever happened, records the run and
 *       appends one line to the restore audit.
 * </ol>
 */
public final class DrillRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DrillRunner.class);
  private static final int SHOWN_FAILURES = 5;

  private final PolicyRepositories repositories;
  private final DrillPaths paths;
  private final DrillStore store;
  private final RestoreAudit audit;
  private final AuditLog trail;
  private final Clock clock;
  private final PostgresTools postgresTools;
  private final Duration commandTimeout;

  private DrillRunner(Builder b) {
    this.repositories = b.repositories;
    this.paths = new DrillPaths(b.paths);
    this.store = new DrillStore(paths);
    this.audit = new RestoreAudit(paths.restoreAudit());
    this.trail = new AuditLog(b.paths.auditLog());
    this.clock = b.clock;
    this.postgresTools =
        b.postgresTools == null ? PostgresTools.from(b.environment) : b.postgresTools;
    this.commandTimeout = b.commandTimeout;
  }

  /**
   * A runner opening policies' repositories through {@code repositories}, its files under {@code
   * paths}.
   */
  public static Builder builder(
      PolicyRepositories repositories, Environment environment, StatePaths paths) {
    return new Builder(repositories, environment, paths);
  }

  /** The run records this runner writes. */
  public DrillStore store() {
    return store;
  }

  /** The restore audit this runner appends to. */
  public RestoreAudit audit() {
    return audit;
  }

  /**
   * Records a new run of {@code drill} as running and returns it; {@link #run} then runs it. Two
   * steps so that a runtime shows the run (and starts no second one) before a thread is free.
   *
   * @param actor {@code controller} or {@code cli:<user>}
   */
  public DrillRecord begin(
      RestoreDrill drill,
      BackupPolicy policy,
      Optional<String> namespace,
      String trigger,
      String actor) {
    Instant now = clock.instant();
    DrillLevel level = drill.getSpec().getLevel();
    DrillRecord running =
        new DrillRecord(
            JobId.generate(now),
            drill.getRef().name(),
            namespace.orElse(null),
            policy.getRef().name(),
            level == null ? null : WireNames.of(level),
            trigger,
            actor,
            DrillRecord.RUNNING,
            now,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of());
    store.write(running);
    return running;
  }

  /** {@link #begin} and {@link #run} in one call, for a drill run in the foreground. */
  public DrillRecord runNow(
      RestoreDrill drill,
      BackupPolicy policy,
      Optional<String> namespace,
      String trigger,
      String actor) {
    return run(drill, policy, begin(drill, policy, namespace, trigger, actor));
  }

  /**
   * Runs {@code running} (from {@link #begin}) to its end. Never throws: the record says how it
   * ended.
   */
  public DrillRecord run(RestoreDrill drill, BackupPolicy policy, DrillRecord running) {
    Optional<String> namespace = Optional.ofNullable(running.namespace());
    Path dir = store.directory(namespace, running.drill());
    Optional<RunLock> lock = RunLock.tryAcquire(dir, running.runId());
    if (lock.isEmpty()) {
      return finish(
          drill,
          ended(
              running,
              DrillRecord.FAILED,
              new Facts(),
              null,
              null,
              false,
              "another run of RestoreDrill "
                  + running.drill()
                  + " is active ("
                  + RunLock.holder(dir)
                  + ")",
              "wait for that run to end; one drill runs once at a time"));
    }
    // Held, never read: the try block below is what it guards.
    RunLock held = lock.get();
    try (held) {
      recoverAbandoned(namespace, running.drill(), running.runId());
      DrillRecord ended;
      try {
        ended = execute(drill, policy, running);
      } catch (RuntimeException e) {
        LOG.error(
            "RestoreDrill/{}: run {} failed unexpectedly", running.drill(), running.runId(), e);
        ended =
            ended(
                running,
                DrillRecord.FAILED,
                new Facts(),
                null,
                null,
                false,
                "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                "report this with the operator's log; then run the drill again");
      }
      return finish(drill, ended);
    }
  }

  /**
   * Records the end of a run that another process did from this runner's running record (a
   * Kubernetes Job's pod): written, trimmed, proved, audited and logged as if this runner had run
   * it.
   */
  public DrillRecord recordEnd(RestoreDrill drill, DrillRecord ended) {
    if (!ended.finished()) {
      throw new IllegalArgumentException("drill run " + ended.runId() + " has not ended");
    }
    return finish(drill, ended);
  }

  /**
   * Records as failed a run that another process was to do and never reported (its Job vanished, or
   * it was canceled), with {@code why} and what to do about it.
   */
  public DrillRecord recordLost(RestoreDrill drill, DrillRecord running, String why) {
    return finish(
        drill,
        ended(
            running,
            DrillRecord.FAILED,
            Facts.of(running),
            running.actualRpoSeconds(),
            null,
            false,
            why,
            "run the drill again (`kubectl annotate restoredrill "
                + running.drill()
                + " bulwark.dev/run-now=$(date +%s)`)"));
  }

  /**
   * Ends as failed ("interrupted") the runs of a drill that a dead process left running, if no live
   * run holds the drill's lock now. Runtimes call it when the history shows a running record they
   * are not running, so such a record never blocks the drill's cadence.
   *
   * @return true when the lock was free (and leftovers, if any, were recorded as failed)
   */
  public boolean recover(Optional<String> namespace, String drill) {
    Optional<RunLock> lock = RunLock.tryAcquire(store.directory(namespace, drill), "recovery");
    if (lock.isEmpty()) {
      return false;
    }
    // Held, never read: the try block below is what it guards.
    RunLock held = lock.get();
    try (held) {
      recoverAbandoned(namespace, drill, "");
      return true;
    }
  }

  /**
   * Holding the lock proves no run of this drill is alive, so a record still running was left by a
   * dead process.
   */
  private void recoverAbandoned(Optional<String> namespace, String drill, String currentRunId) {
    for (DrillRecord record : store.recent(namespace, drill, DrillLedger.WINDOW)) {
      if (record.finished() || record.runId().equals(currentRunId)) {
        continue;
      }
      DrillRecord interrupted =
          ended(
              record,
              DrillRecord.FAILED,
              Facts.of(record),
              record.actualRpoSeconds(),
              null,
              false,
              "interrupted: the process running this drill stopped before the run ended",
              "run the drill again (`bulwark drill --drill " + drill + "`)");
      store.write(interrupted);
      audit.append(RestoreAuditRecord.of(interrupted, DrillObjectives.DEFAULTS));
      LOG.warn(
          "RestoreDrill/{}: run {} was left running by a process that stopped; recorded as failed",
          drill,
          record.runId());
    }
  }

  private DrillRecord execute(RestoreDrill drill, BackupPolicy policy, DrillRecord running) {
    RestoreDrillSpec spec = drill.getSpec();
    String policyName = policy.getRef().name();
    Instant start = running.startedAt();
    Facts facts = new Facts();
    DrillObjectives objectives;
    try {
      objectives = DrillObjectives.of(spec);
    } catch (InvalidScheduleException e) {
      return failed(
          running, facts, "spec.objectives: " + e.getMessage(), "fix spec.objectives of the drill");
    }
    try {
      PolicyRepository bound = open(policy, spec);
      SnapshotSummary snapshot = choose(bound, spec, start);
      facts.snapshot = snapshot;
      SnapshotIndex index = bound.repository().readIndex(snapshot);
      Path sandboxDir =
          spec.getSandbox() != null && !spec.getSandbox().isBlank()
              ? Path.of(spec.getSandbox())
              : paths.defaultSandbox(running.drill(), running.runId());
      Instant validated;
      try (Sandbox sandbox = Sandbox.prepare(sandboxDir);
          ScratchDatabases databases =
              new ScratchDatabases(postgresTools, repositories.secrets(), running.runId())) {
        RestoreRequest request =
            request(
                spec,
                index,
                sandbox.dir(),
                running.runId(),
                policyName,
                policy.getSpec().getReaderSchemaVersions());
        RestoreResult restored = new RestoreEngine(bound.repository()).restore(request);
        facts.objects = restored.files();
        facts.bytes = restored.bytes();
        facts.validations.add(
            "sha256: " + restored.files() + " files restored, every checksum matched");
        validate(spec, sandbox.dir(), facts, databases, bound, policy, snapshot);
        validated = clock.instant();
      }
      long rpo = Math.max(0, Duration.between(snapshot.finishedAt(), start).getSeconds());
      long rto = Math.max(0, Duration.between(start, validated).getSeconds());
      boolean met = objectives.met(rpo, rto);
      return ended(
          running,
          DrillRecord.SUCCESS,
          facts,
          rpo,
          rto,
          met,
          null,
          met ? null : objectivesRemedy(objectives, rpo, rto, policyName));
    } catch (DrillFailure e) {
      return failed(running, facts, e.getMessage(), e.remediation());
    } catch (RestoreFailedException e) {
      return failed(running, facts, restoreFailure(snapshotOf(facts), e), verifyRemedy(policyName));
    } catch (SchemaVersionsRefusedException e) {
      return failed(
          running,
          facts,
          "restore of snapshot "
              + snapshotOf(facts)
              + " refused by the schema pre-check: "
              + oneLine(e.getMessage()),
          "upgrade the readers (and spec.readerSchemaVersions of BackupPolicy "
              + policyName
              + ") to the version the"
              + " data is at, or migrate the data with a MigrationPlan so its readers can read it");
    } catch (RestoreRefusedException e) {
      return failed(
          running,
          facts,
          "restore of snapshot " + snapshotOf(facts) + " refused: " + oneLine(e.getMessage()),
          "fix what the message names (sandbox, free space, paths), or run `bulwark verify --policy "
              + policyName
              + " --read-data`");
    } catch (EngineException e) {
      return failed(running, facts, oneLine(e.getMessage()), verifyRemedy(policyName));
    }
  }

  private void validate(
      RestoreDrillSpec spec,
      Path sandbox,
      Facts facts,
      ScratchDatabases databases,
      PolicyRepository bound,
      BackupPolicy policy,
      SnapshotSummary snapshot)
      throws DrillFailure, EngineException {
    Validators validators = spec.getValidators();
    if (validators != null && Boolean.TRUE.equals(validators.getJson())) {
      facts.validations.add("json: " + FileChecks.json(sandbox) + " files parsed");
    }
    if (validators != null && Boolean.TRUE.equals(validators.getCsv())) {
      facts.validations.add("csv: " + FileChecks.csv(sandbox) + " files parsed");
    }
    boolean postgres = validators != null && validators.getPostgres() != null;
    if (spec.getLevel() == DrillLevel.L3 || postgres) {
      String sqlCheck = postgres ? validators.getPostgres().getSqlCheck() : null;
      facts.validations.addAll(
          databases.restoreAndCheck(bound.repository(), policy, snapshot, sqlCheck));
    }
    if (validators != null
        && validators.getCommand() != null
        && !validators.getCommand().isEmpty()) {
      CommandCheck.run(validators.getCommand(), sandbox, commandTimeout);
      facts.validations.add("command: " + validators.getCommand().get(0) + " exited 0");
    }
  }

  private PolicyRepository open(BackupPolicy policy, RestoreDrillSpec spec) throws DrillFailure {
    Optional<TargetProvider> override =
        Optional.ofNullable(spec.getTarget())
            .filter(t -> !t.isBlank())
            .flatMap(t -> WireNames.parse(TargetProvider.class, t));
    String name = policy.getRef().name();
    try {
      return repositories.open(policy, override);
    } catch (JobSetupException e) {
      throw new DrillFailure(
          "cannot open the repository of BackupPolicy " + name + ": " + e.getMessage(),
          "check the target settings and credentials of BackupPolicy "
              + name
              + " (`bulwark snapshots --policy "
              + name
              + "`)",
          e);
    }
  }

  private SnapshotSummary choose(PolicyRepository bound, RestoreDrillSpec spec, Instant start)
      throws DrillFailure, EngineException {
    String name = bound.policy();
    if (spec.getLevel() == DrillLevel.L2 && spec.getWindow() != null) {
      Instant asOf = asOf(spec, start);
      return bound
          .repository()
          .catalog()
          .newestAtOrBefore(asOf)
          .orElseThrow(
              () ->
                  new DrillFailure(
                      "no snapshot of BackupPolicy "
                          + name
                          + " on "
                          + bound.repository().target().describe()
                          + " had finished at or before "
                          + asOf,
                      "move spec.window to a time after the first snapshot, or wait until backups cover it"));
    }
    return bound
        .repository()
        .catalog()
        .newest()
        .orElseThrow(
            () ->
                new DrillFailure(
                    "BackupPolicy "
                        + name
                        + " has no snapshots on "
                        + bound.repository().target().describe(),
                    "take a backup first (`bulwark backup --policy "
                        + name
                        + "`) and check that scheduled backups succeed"));
  }

  private static Instant asOf(RestoreDrillSpec spec, Instant start) throws DrillFailure {
    try {
      if (spec.getWindow().getAt() != null && !spec.getWindow().getAt().isBlank()) {
        return java.time.OffsetDateTime.parse(spec.getWindow().getAt()).toInstant();
      }
      return start.minus(dev.bulwark.core.schedule.Durations.parse(spec.getWindow().getAgo()));
    } catch (java.time.format.DateTimeParseException | InvalidScheduleException e) {
      throw new DrillFailure(
          "spec.window: " + e.getMessage(),
          "set spec.window.at (RFC 3339) or spec.window.ago (e.g. 1h)");
    }
  }

  private static RestoreRequest request(
      RestoreDrillSpec spec,
      SnapshotIndex index,
      Path sandbox,
      String runId,
      String policy,
      java.util.Map<String, Integer> readers)
      throws DrillFailure {
    // The schema pre-check: a drill proves the snapshot restores into something the readers can
    // read.
    RestoreRequest.Builder request =
        RestoreRequest.builder(sandbox)
            .snapshot(index.snapshot().jobId())
            .readerSchemaVersions(readers);
    List<String> globs =
        spec.getObjects() == null || spec.getObjects().getPaths() == null
            ? List.of()
            : spec.getObjects().getPaths();
    if (spec.getLevel() == DrillLevel.L1) {
      dev.bulwark.api.drill.ObjectSample objects =
          spec.getObjects() == null ? new dev.bulwark.api.drill.ObjectSample() : spec.getObjects();
      int perDomain = objects.getObjectsPerDomain() == null ? 0 : objects.getObjectsPerDomain();
      List<String> drawn = RandomObjects.draw(index, perDomain, runId);
      if (drawn.isEmpty() && globs.isEmpty()) {
        throw new DrillFailure(
            "snapshot "
                + index.snapshot().jobId()
                + " of BackupPolicy "
                + policy
                + " holds no files to sample",
            "check the sources of BackupPolicy " + policy + " (are they empty?)");
      }
      drawn.stream().map(RandomObjects::exactGlob).forEach(request::path);
      globs.forEach(request::path);
    } else if (spec.getLevel() == DrillLevel.L2) {
      globs.forEach(request::path);
    }
    return request.build();
  }

  /** Writes the final record and the audit line, trims the history. */
  private DrillRecord finish(RestoreDrill drill, DrillRecord record) {
    DrillObjectives objectives;
    try {
      objectives = DrillObjectives.of(drill.getSpec());
    } catch (InvalidScheduleException e) {
      objectives = DrillObjectives.DEFAULTS;
    }
    store.write(record);
    store.trim(Optional.ofNullable(record.namespace()), record.drill());
    if (record.succeeded()) {
      store.proved(record);
    }
    audit.append(RestoreAuditRecord.of(record, objectives));
    trail.append(auditEvent(record));
    if (record.succeeded()) {
      LOG.info(
          "RestoreDrill/{}: run {} succeeded: snapshot {}, {} objects, {}",
          record.drill(),
          record.runId(),
          record.snapshotJobId(),
          record.objects(),
          objectives.describe(record.actualRpoSeconds(), record.actualRtoSeconds()));
    } else {
      LOG.warn(
          "RestoreDrill/{}: run {} failed: {}",
          record.drill(),
          record.runId(),
          record.failureReason());
    }
    return record;
  }

  /**
   * The drill's line in the audit trail (R24): who or what ran it, against which snapshot, how it
   * ended.
   */
  private AuditEvent auditEvent(DrillRecord record) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("policy", record.policy());
    details.put("level", record.level());
    if (record.snapshotJobId() != null) {
      details.put("snapshot", record.snapshotJobId());
    }
    if (record.objects() != null) {
      details.put("objects", record.objects());
    }
    if (record.actualRpoSeconds() != null) {
      details.put("actual_rpo_seconds", record.actualRpoSeconds());
    }
    if (record.actualRtoSeconds() != null) {
      details.put("actual_rto_seconds", record.actualRtoSeconds());
    }
    if (record.failureReason() != null) {
      details.put("error", record.failureReason());
    }
    return new AuditEvent(
        clock.instant(),
        "drill",
        "RestoreDrill",
        record.namespace(),
        record.drill(),
        record.runId(),
        record.trigger(),
        record.actor(),
        record.succeeded() ? "success" : "failed",
        details);
  }

  private DrillRecord failed(DrillRecord running, Facts facts, String reason, String remediation) {
    Long rpo =
        facts.snapshot == null
            ? null
            : Math.max(
                0, Duration.between(facts.snapshot.finishedAt(), running.startedAt()).getSeconds());
    return ended(running, DrillRecord.FAILED, facts, rpo, null, false, reason, remediation);
  }

  private DrillRecord ended(
      DrillRecord r,
      String state,
      Facts f,
      Long rpo,
      Long rto,
      Boolean met,
      String reason,
      String remediation) {
    return new DrillRecord(
        r.runId(),
        r.drill(),
        r.namespace(),
        r.policy(),
        r.level(),
        r.trigger(),
        r.actor(),
        state,
        r.startedAt(),
        clock.instant(),
        f.snapshot == null ? f.snapshotJobId : f.snapshot.jobId(),
        f.snapshot == null ? f.snapshotFinishedAt : f.snapshot.finishedAt(),
        f.objects,
        f.bytes,
        rpo,
        rto,
        met,
        reason,
        remediation,
        f.validations);
  }

  private static String restoreFailure(String snapshot, RestoreFailedException e) {
    List<RestoreFailedException.FileFailure> failures = e.failures();
    String listed =
        failures.stream()
            .limit(SHOWN_FAILURES)
            .map(f -> f.path() + " (" + oneLine(f.reason()) + ")")
            .collect(Collectors.joining("; "));
    return "restore of snapshot "
        + snapshot
        + " failed: "
        + failures.size()
        + " object"
        + (failures.size() == 1 ? "" : "s")
        + " did not restore intact: "
        + listed
        + (failures.size() > SHOWN_FAILURES
            ? "; and " + (failures.size() - SHOWN_FAILURES) + " more"
            : "");
  }

  private static String verifyRemedy(String policy) {
    return "run `bulwark verify --policy "
        + policy
        + " --read-data` to find every damaged object, and take a new"
        + " full backup (`bulwark backup --policy "
        + policy
        + " --snapshot-type full`)";
  }

  private static String objectivesRemedy(
      DrillObjectives objectives, long rpo, long rto, String policy) {
    List<String> advice = new ArrayList<>();
    if (rpo > objectives.rpo().toSeconds()) {
      advice.add(
          "the data restored was "
              + DrillObjectives.human(rpo)
              + " old (objective "
              + DrillObjectives.human(objectives.rpo().toSeconds())
              + "): check that backups of BackupPolicy "
              + policy
              + " run often enough and succeed (its Healthy and Fresh conditions)");
    }
    if (rto > objectives.rto().toSeconds()) {
      advice.add(
          "the restore took "
              + DrillObjectives.human(rto)
              + " (objective "
              + DrillObjectives.human(objectives.rto().toSeconds())
              + "): restore from a closer or faster target, or"
              + " revisit spec.objectives.rto");
    }
    return String.join("; ", advice);
  }

  private static String snapshotOf(Facts facts) {
    return facts.snapshot == null ? "(none)" : facts.snapshot.jobId();
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replace("\n  - ", "; ").replace('\n', ' ').strip();
  }

  /** What a run learned so far, kept for the record whether it ends well or not. */
  private static final class Facts {
    SnapshotSummary snapshot;
    String snapshotJobId;
    Instant snapshotFinishedAt;
    Long objects;
    Long bytes;
    final List<String> validations = new ArrayList<>();

    static Facts of(DrillRecord record) {
      Facts facts = new Facts();
      facts.snapshotJobId = record.snapshotJobId();
      facts.snapshotFinishedAt = record.snapshotFinishedAt();
      facts.objects = record.objects();
      facts.bytes = record.bytes();
      facts.validations.addAll(record.validations());
      return facts;
    }
  }

  /** Settings of a {@link DrillRunner}. */
  public static final class Builder {
    private final PolicyRepositories repositories;
    private final Environment environment;
    private final StatePaths paths;
    private Clock clock = Clock.systemUTC();
    private PostgresTools postgresTools;
    private Duration commandTimeout = Duration.ofMinutes(10);

    private Builder(PolicyRepositories repositories, Environment environment, StatePaths paths) {
      this.repositories = Objects.requireNonNull(repositories);
      this.environment = Objects.requireNonNull(environment);
      this.paths = Objects.requireNonNull(paths);
    }

    /** The clock that measures RPO and RTO and stamps records. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The PostgreSQL client tools for scratch restores; default from BULWARK_PG_BINDIR or the PATH.
     */
    public Builder postgresTools(PostgresTools tools) {
      this.postgresTools = tools;
      return this;
    }

    /** How long {@code validators.command} may run before it is killed and the drill fails. */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = timeout;
      return this;
    }

    public DrillRunner build() {
      return new DrillRunner(this);
    }
  }
}
