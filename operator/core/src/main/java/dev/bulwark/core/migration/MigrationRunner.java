package dev.bulwark.core.migration;

import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.api.migration.MigrationPhase;
import dev.bulwark.api.migration.MigrationPlanSpec;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobControl;
import dev.bulwark.core.jobs.JobOrder;
import dev.bulwark.core.jobs.JobOutcome;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobTrigger;
import dev.bulwark.core.migration.MigrationSteps.Inspection;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.runs.RunLock;
import dev.bulwark.core.runs.RunStore;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.catalog.SnapshotIndex;
import dev.bulwark.engine.files.AtomicFiles;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.progress.ProgressListener;
import dev.bulwark.engine.repository.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a MigrationPlan once, on the calling thread, by this protocol:
 *
 * <ol>
 *   <li>takes the plan's run lock; rolls back a run that died (its journal) before anything else;
 *   <li>selects the objects and reads each one's version: at {@code to} or newer is skipped, older
 *       than {@code from} (or unversioned) is reported and left alone, unreadable fails the run
 *       before anything is touched;
 *   <li>a dry run stops here, after computing in memory what would change per object;
 *   <li>checks the release gate (unless {@code requireGate: false}), takes a FULL snapshot labelled
 *       {@value #LABEL} through the policy's job runner and checks that it holds every object to
 *       migrate, byte for byte;
 *   <li>writes the journal, then migrates object by object, each replaced atomically;
 *   <li>on the first failure stops and restores every object it changed from the snapshot, verified
 *       by hash ({@code RolledBack}); otherwise re-reads every object at {@code to}.
 * </ol>
 *
 * Every run writes its record at each phase and one audit line at its end.
 */
public final class MigrationRunner {
  /** The label of pre-migration snapshots. */
  public static final String LABEL = "pre-migration";

  private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

  private final BackupJobRunner jobs;
  private final PolicyRepositories repositories;
  private final MigrationPaths paths;
  private final RunStore<MigrationRecord> store;
  private final MigrationAudit audit;
  private final MigrationGate gate;
  private final DocumentWriter writer;
  private final Clock clock;

  private MigrationRunner(Builder b) {
    this.jobs = b.jobs;
    this.repositories = b.repositories;
    this.paths = new MigrationPaths(b.state);
    this.store = store(paths);
    this.audit = new MigrationAudit(paths.audit());
    this.gate = b.gate;
    this.writer = b.writer;
    this.clock = b.clock;
  }

  /**
   * A runner taking snapshots through {@code jobs}, restoring through {@code repositories}, keeping
   * its files under the state directory {@code state}.
   */
  public static Builder builder(BackupJobRunner jobs, PolicyRepositories repositories, Path state) {
    return new Builder(jobs, repositories, state);
  }

  /** The run records this runner writes, for the controllers' ledger. */
  public RunStore<MigrationRecord> store() {
    return store;
  }

  /**
   * The run records of every plan under {@code paths}: one file per run, {@code
   * <state>/migrations/[<namespace>/]<plan>/runs/<run_id>.json}, rewritten at each phase.
   */
  public static RunStore<MigrationRecord> store(MigrationPaths paths) {
    return new RunStore<>(
        MigrationRecord.class, "migration record", key -> paths.runs(key.namespace(), key.owner()));
  }

  /**
   * Ends as interrupted the runs of a plan that a dead process (or thread) left unfinished, if no
   * live run holds the plan's run lock; their journal makes the plan's next run roll them back.
   *
   * @return false when a live run holds the lock (nothing was changed)
   */
  public boolean recover(RunKey key) {
    Optional<RunLock> lock =
        RunLock.tryAcquireFile(paths.lock(key.namespace(), key.owner()), "recovery");
    if (lock.isEmpty()) {
      return false;
    }
    // Held, never read: the block below is what it guards.
    RunLock held = lock.get();
    try (held) {
      endAbandoned(key, "");
      return true;
    }
  }

  private void endAbandoned(RunKey key, String currentRunId) {
    for (MigrationRecord record : store.recent(key, RunLedger.WINDOW)) {
      if (!record.finished() && !record.runId().equals(currentRunId)) {
        record(record.interruptedAt(clock.instant()));
        LOG.warn(
            "MigrationPlan/{}: run {} was left running by a process that stopped; recorded as"
                + " interrupted",
            key.owner(),
            record.runId());
      }
    }
  }

  /** Writes a record; a failure is logged, as the audit line is the lasting account. */
  private void record(MigrationRecord record) {
    try {
      store.write(record);
    } catch (UncheckedIOException e) {
      LOG.error(
          "MigrationPlan/{}: cannot write run record {}: {}",
          record.plan(),
          store.directory(record.key()).resolve(record.runId() + ".json"),
          e.getCause().getMessage());
    }
  }

  /** Runs the plan; never throws for a failing run: the report says how it ended. */
  public MigrationReport run(MigrationRequest request) {
    Run run = new Run(request, JobId.generate(clock.instant()), clock.instant());
    Path lockFile = paths.lock(request.namespace(), request.planName());
    try {
      Files.createDirectories(lockFile.getParent());
    } catch (IOException e) {
      return finish(
          run,
          run.end(
              MigrationPhase.FAILED,
              "cannot create " + lockFile.getParent() + ": " + e.getMessage()));
    }
    Optional<RunLock> lock;
    try {
      lock = RunLock.tryAcquireFile(lockFile, run.runId);
    } catch (UncheckedIOException e) {
      Scratch.delete(paths.scratch(request.namespace(), request.planName(), run.runId));
      return finish(
          run,
          run.end(
              MigrationPhase.FAILED,
              "cannot take the run lock " + lockFile + ": " + e.getCause().getMessage()));
    }
    if (lock.isEmpty()) {
      return finish(
          run,
          run.end(
              MigrationPhase.FAILED,
              "another run of the plan is in progress; try again when it ended"));
    }
    // Held, never read: the run below is what it guards.
    RunLock held = lock.get();
    try (held) {
      endAbandoned(new RunKey(request.namespace(), request.planName()), run.runId);
      MigrationReport report;
      try {
        report = runLocked(run);
      } catch (RuntimeException e) {
        LOG.error("MigrationPlan/{}: run {} failed unexpectedly", run.plan(), run.runId, e);
        report =
            run.end(
                MigrationPhase.FAILED,
                "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      return finish(run, report);
    } finally {
      Scratch.delete(paths.scratch(request.namespace(), request.planName(), run.runId));
    }
  }

  /**
   * The selected objects a reader accepting N-1 would not understand: older than {@code to - 1}, or
   * without a version. Reads only.
   */
  public ReaderCheck checkReaders(MigrationRequest request) throws PlanException {
    MigrationSteps steps = MigrationSteps.compile(request.planName(), request.plan().getSpec());
    List<String> tooOld = new ArrayList<>();
    List<ObjectFailure> unreadable = new ArrayList<>();
    List<SelectedObject> objects =
        ObjectSelection.select(request.policy(), request.plan().getSpec().getSelectors());
    for (SelectedObject object : objects) {
      try {
        Inspection inspection = steps.inspect(object, Files.readAllBytes(object.file()));
        if (inspection.version() == null) {
          tooOld.add(object.name() + " (no " + object.versionField() + ")");
        } else if (inspection.version() < steps.to() - 1) {
          tooOld.add(object.name() + " (version " + inspection.version() + ")");
        }
      } catch (ObjectMigrationException | IOException e) {
        unreadable.add(new ObjectFailure(object.name(), e.getMessage()));
      }
    }
    return new ReaderCheck(request.planName(), steps.to() - 1, objects.size(), tooOld, unreadable);
  }

  private MigrationReport runLocked(Run run) {
    MigrationRequest request = run.request;
    MigrationPlanSpec spec = request.plan().getSpec();
    MigrationSteps steps;
    try {
      steps = MigrationSteps.compile(run.plan(), spec);
    } catch (PlanException e) {
      return run.end(MigrationPhase.FAILED, "the plan cannot run: " + e.getMessage());
    }
    Path journalFile = paths.journal(request.namespace(), run.plan());
    Optional<MigrationJournal> interrupted;
    try {
      interrupted = MigrationJournal.read(journalFile);
    } catch (IOException e) {
      return run.end(
          MigrationPhase.FAILED,
          "the journal "
              + journalFile
              + " cannot be read: "
              + e.getMessage()
              + "; inspect it before running again");
    }
    if (interrupted.isPresent()) {
      if (request.reportsOnly()) {
        run.note =
            "run "
                + interrupted.get().runId()
                + " was interrupted; the next apply run rolls it back first";
      } else {
        Optional<MigrationReport> failed = recover(run, interrupted.get(), journalFile);
        if (failed.isPresent()) {
          return failed.get();
        }
      }
    }
    List<SelectedObject> toMigrate;
    try {
      toMigrate = inspectAll(run, steps);
    } catch (PlanException e) {
      return run.end(MigrationPhase.FAILED, e.getMessage());
    }
    if (!run.failures.isEmpty()) {
      return run.end(
          MigrationPhase.FAILED,
          run.failures.size() + " object(s) cannot be read; nothing was touched");
    }
    if (request.reportsOnly()) {
      return dryRun(run, steps, toMigrate);
    }
    if (!Boolean.FALSE.equals(spec.getRequireGate())) {
      Optional<String> blocked = gate.blockedReason();
      if (blocked.isPresent()) {
        return run.end(
            MigrationPhase.GATE_BLOCKED,
            blocked.get() + "; nothing was touched and no snapshot was taken");
      }
    }
    if (toMigrate.isEmpty()) {
      return run.end(
          MigrationPhase.SUCCEEDED,
          "nothing to migrate: "
              + run.skipped
              + " object(s) already at version "
              + steps.to()
              + (run.older.isEmpty()
                  ? ""
                  : ", " + run.older.size() + " older than " + steps.from()));
    }
    return apply(run, steps, toMigrate, journalFile);
  }

  /**
   * Rolls back an interrupted run; a report when that fails (the journal stays for the next try).
   */
  private Optional<MigrationReport> recover(Run run, MigrationJournal journal, Path journalFile) {
    run.phase(MigrationPhase.VERIFYING, journal.snapshotJobId());
    SnapshotRollback.Result result =
        new SnapshotRollback(repositories)
            .rollBack(
                run.request.policy(),
                journal,
                paths.scratch(run.request.namespace(), run.plan(), run.runId));
    if (!result.complete()) {
      run.failures.addAll(result.problems());
      return Optional.of(
          run.end(
              MigrationPhase.FAILED,
              "run "
                  + journal.runId()
                  + " was interrupted and cannot be "
                  + "rolled back from snapshot "
                  + journal.snapshotJobId()
                  + "; the journal is kept for the next run"));
    }
    try {
      Files.deleteIfExists(journalFile);
    } catch (IOException e) {
      return Optional.of(
          run.end(
              MigrationPhase.FAILED,
              "cannot remove the journal " + journalFile + ": " + e.getMessage()));
    }
    run.recovered = journal.runId();
    LOG.warn(
        "MigrationPlan/{}: run {} had been interrupted; restored {} object(s) from snapshot {}",
        run.plan(),
        journal.runId(),
        result.restored().size(),
        journal.snapshotJobId());
    return Optional.empty();
  }

  private List<SelectedObject> inspectAll(Run run, MigrationSteps steps) throws PlanException {
    List<SelectedObject> objects =
        ObjectSelection.select(run.request.policy(), run.request.plan().getSpec().getSelectors());
    run.selected = objects.size();
    List<SelectedObject> toMigrate = new ArrayList<>();
    for (SelectedObject object : objects) {
      try {
        Inspection inspection = steps.inspect(object, Files.readAllBytes(object.file()));
        switch (inspection.state()) {
          case TO_MIGRATE -> toMigrate.add(object);
          case UP_TO_DATE -> run.skipped++;
          case OLDER_THAN_FROM ->
              run.older.add(object.name() + " (version " + inspection.version() + ")");
          case UNVERSIONED -> run.older.add(object.name() + " (no " + object.versionField() + ")");
        }
      } catch (ObjectMigrationException | IOException e) {
        run.failures.add(new ObjectFailure(object.name(), e.getMessage()));
      }
    }
    return toMigrate;
  }

  private MigrationReport dryRun(Run run, MigrationSteps steps, List<SelectedObject> toMigrate) {
    Path work = paths.scratch(run.request.namespace(), run.plan(), run.runId).resolve("work");
    for (SelectedObject object : toMigrate) {
      try {
        MigrationSteps.Migrated migrated =
            steps.migrate(object, Files.readAllBytes(object.file()), work, run.startedAt);
        run.changes.add(
            new ObjectChange(object.name(), migrated.fromVersion(), steps.to(), migrated.diff()));
        run.migrated++;
      } catch (ObjectMigrationException | IOException e) {
        run.failures.add(new ObjectFailure(object.name(), e.getMessage()));
      }
    }
    String outcome =
        "dry run: "
            + run.migrated
            + " object(s) would be migrated to version "
            + steps.to()
            + ", "
            + run.skipped
            + " already there"
            + (run.failures.isEmpty() ? "" : ", " + run.failures.size() + " would fail")
            + "; nothing was written";
    return run.end(
        run.failures.isEmpty() ? MigrationPhase.SUCCEEDED : MigrationPhase.FAILED, outcome);
  }

  private MigrationReport apply(
      Run run, MigrationSteps steps, List<SelectedObject> toMigrate, Path journalFile) {
    MigrationRequest request = run.request;
    run.phase(MigrationPhase.SNAPSHOTTING, null);
    JobOrder order =
        new JobOrder(
            SnapshotType.FULL,
            JobTrigger.MANUAL,
            request.actor(),
            1,
            Optional.of(LABEL),
            Optional.empty());
    JobRecord pending = jobs.enqueue(request.policy(), request.namespace(), order);
    JobOutcome outcome =
        jobs.run(request.policy(), pending, order, ProgressListener.NONE, new JobControl());
    if (!outcome.succeeded()) {
      return run.end(
          MigrationPhase.FAILED,
          "the pre-migration snapshot (job "
              + pending.jobId()
              + ") failed: "
              + outcome.record().error()
              + "; nothing was touched");
    }
    run.snapshot = outcome.record().jobId();
    List<MigrationJournal.Entry> entries;
    try {
      entries = coveredBySnapshot(run, outcome.record(), toMigrate);
    } catch (EngineException | JobSetupException | IOException e) {
      return run.end(
          MigrationPhase.FAILED,
          "cannot read snapshot "
              + run.snapshot
              + " back: "
              + e.getMessage()
              + "; nothing was touched");
    }
    if (!run.failures.isEmpty()) {
      return run.end(
          MigrationPhase.FAILED,
          run.failures.size()
              + " object(s) are not in snapshot "
              + run.snapshot
              + " as they are now; nothing was touched");
    }
    MigrationJournal journal =
        new MigrationJournal(
            run.runId,
            run.plan(),
            request.namespace().orElse(null),
            run.snapshot,
            outcome.record().target(),
            steps.from(),
            steps.to(),
            run.startedAt,
            entries);
    try {
      journal.write(journalFile);
    } catch (IOException e) {
      return run.end(
          MigrationPhase.FAILED,
          "cannot write the journal "
              + journalFile
              + ": "
              + e.getMessage()
              + "; nothing was touched");
    }
    run.phase(MigrationPhase.MIGRATING, run.snapshot);
    Path work = paths.scratch(request.namespace(), run.plan(), run.runId).resolve("work");
    for (int i = 0; i < toMigrate.size() && run.failures.isEmpty(); i++) {
      SelectedObject object = toMigrate.get(i);
      try {
        byte[] bytes = Files.readAllBytes(object.file());
        if (!Hashes.sha256(bytes).equals(entries.get(i).sha256())) {
          throw new ObjectMigrationException("changed by someone else during the migration");
        }
        writer.replace(object.file(), steps.migrate(object, bytes, work, run.startedAt).bytes());
        run.migrated++;
      } catch (ObjectMigrationException e) {
        run.failures.add(new ObjectFailure(object.name(), e.getMessage()));
      } catch (IOException e) {
        run.failures.add(new ObjectFailure(object.name(), "cannot be written: " + e));
      }
    }
    run.phase(MigrationPhase.VERIFYING, run.snapshot);
    if (run.failures.isEmpty()) {
      verifyMigrated(run, steps, toMigrate);
    }
    if (run.failures.isEmpty()) {
      return removeJournal(
          run,
          journalFile,
          MigrationPhase.SUCCEEDED,
          "migrated "
              + run.migrated
              + " object(s) to version "
              + steps.to()
              + " ("
              + run.skipped
              + " already there); pre-migration snapshot "
              + run.snapshot);
    }
    SnapshotRollback.Result rollback =
        new SnapshotRollback(repositories)
            .rollBack(
                request.policy(),
                journal,
                paths.scratch(request.namespace(), run.plan(), run.runId));
    run.restored = rollback.restored().size();
    if (!rollback.complete()) {
      run.failures.addAll(rollback.problems());
      return run.end(
          MigrationPhase.FAILED,
          "failed at "
              + run.failures.get(0).path()
              + " and the rollback is "
              + "incomplete; the journal is kept so the next run retries it");
    }
    run.rolledBack = true;
    run.migrated = 0;
    return removeJournal(
        run,
        journalFile,
        MigrationPhase.ROLLED_BACK,
        "failed at "
            + run.failures.get(0).path()
            + "; restored "
            + run.restored
            + " object(s) from snapshot "
            + run.snapshot
            + ", verified byte-identical");
  }

  /** Checks each object against the snapshot and returns the journal's entries, in order. */
  private List<MigrationJournal.Entry> coveredBySnapshot(
      Run run, JobRecord snapshot, List<SelectedObject> toMigrate)
      throws EngineException, JobSetupException, IOException {
    TargetProvider provider =
        WireNames.parse(TargetProvider.class, snapshot.target())
            .orElseThrow(() -> new JobSetupException("unknown target " + snapshot.target()));
    Repository repository = repositories.openOn(run.request.policy(), provider).repository();
    SnapshotIndex index =
        repository.readIndex(
            repository
                .catalog()
                .find(snapshot.jobId())
                .orElseThrow(() -> new IOException("the catalog does not list it")));
    List<MigrationJournal.Entry> entries = new ArrayList<>();
    for (SelectedObject object : toMigrate) {
      String hash = Hashes.sha256(Files.readAllBytes(object.file()));
      Optional<FileEntry> entry = index.entry(object.archivePath());
      if (entry.isEmpty()) {
        run.failures.add(
            new ObjectFailure(
                object.name(),
                "is not in the snapshot; do the policy's include/exclude "
                    + "globs leave it out?"));
      } else if (!hash.equals(entry.get().sha256())) {
        run.failures.add(
            new ObjectFailure(
                object.name(),
                "changed after the snapshot read it; run again when its " + "writers are quiet"));
      }
      entries.add(
          new MigrationJournal.Entry(
              object.file().toString(), object.name(), object.archivePath(), hash));
    }
    return entries;
  }

  private void verifyMigrated(Run run, MigrationSteps steps, List<SelectedObject> migrated) {
    for (SelectedObject object : migrated) {
      try {
        Inspection inspection = steps.inspect(object, Files.readAllBytes(object.file()));
        if (!Objects.equals(inspection.version(), steps.to())) {
          run.failures.add(
              new ObjectFailure(
                  object.name(),
                  "reads back at version " + inspection.version() + ", not " + steps.to()));
        }
      } catch (ObjectMigrationException | IOException e) {
        run.failures.add(
            new ObjectFailure(
                object.name(), "does not read back after migrating: " + e.getMessage()));
      }
    }
  }

  private MigrationReport removeJournal(
      Run run, Path journalFile, MigrationPhase phase, String message) {
    try {
      Files.deleteIfExists(journalFile);
    } catch (IOException e) {
      LOG.warn(
          "MigrationPlan/{}: cannot remove the journal {}: {}; the next run verifies it again",
          run.plan(),
          journalFile,
          e.getMessage());
    }
    return run.end(phase, message);
  }

  private MigrationReport finish(Run run, MigrationReport report) {
    record(MigrationRecord.of(report, run.request.generation().orElse(null)));
    audit.append(report, run.request.policy().getRef().name());
    LOG.info(
        "MigrationPlan/{}: run {} {}: {}",
        report.plan(),
        report.runId(),
        WireNames.of(report.phase()),
        report.message());
    return report;
  }

  /** The facts of one run as it goes. */
  private final class Run {
    final MigrationRequest request;
    final String runId;
    final Instant startedAt;
    final List<String> older = new ArrayList<>();
    final List<ObjectFailure> failures = new ArrayList<>();
    final List<ObjectChange> changes = new ArrayList<>();
    int selected;
    int migrated;
    int skipped;
    int restored;
    boolean rolledBack;
    String snapshot;
    String recovered;
    String note;

    Run(MigrationRequest request, String runId, Instant startedAt) {
      this.request = request;
      this.runId = runId;
      this.startedAt = startedAt;
    }

    String plan() {
      return request.planName();
    }

    void phase(MigrationPhase phase, String snapshotJobId) {
      record(
          MigrationRecord.of(
                  end(phase, "in phase " + WireNames.of(phase)), request.generation().orElse(null))
              .running(phase, snapshotJobId));
    }

    MigrationReport end(MigrationPhase phase, String message) {
      MigrationPlanSpec spec = request.plan().getSpec();
      String text = note == null ? message : message + " (" + note + ")";
      return new MigrationReport(
          plan(),
          request.namespace().orElse(null),
          runId,
          request.reportsOnly() ? "dry-run" : "apply",
          spec.getFrom(),
          spec.getTo(),
          request.trigger(),
          request.actor(),
          phase,
          startedAt,
          clock.instant(),
          selected,
          migrated,
          skipped,
          older,
          failures,
          snapshot,
          rolledBack,
          restored,
          changes,
          text,
          recovered);
    }
  }

  /** Settings of a {@link MigrationRunner}. */
  public static final class Builder {
    private final BackupJobRunner jobs;
    private final PolicyRepositories repositories;
    private final Path state;
    private MigrationGate gate;
    private DocumentWriter writer = DocumentWriter.atomic();
    private Clock clock = Clock.systemUTC();

    private Builder(BackupJobRunner jobs, PolicyRepositories repositories, Path state) {
      this.jobs = Objects.requireNonNull(jobs);
      this.repositories = Objects.requireNonNull(repositories);
      this.state = Objects.requireNonNull(state);
    }

    /**
     * The release gate; by default {@code <state>/gate.json} re-evaluated now ({@link
     * ReleaseGateCheck}).
     */
    public Builder gate(MigrationGate gate) {
      this.gate = Objects.requireNonNull(gate);
      return this;
    }

    /** Replaces objects; by default atomically ({@link AtomicFiles}). */
    public Builder writer(DocumentWriter writer) {
      this.writer = Objects.requireNonNull(writer);
      return this;
    }

    /** The clock of records, audit lines and {@code {now}}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    public MigrationRunner build() {
      if (gate == null) {
        gate = new ReleaseGateCheck(state, clock);
      }
      return new MigrationRunner(this);
    }
  }
}
