package dev.bulwark.core.jobs;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.Hooks;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.backup.Throttle;
import dev.bulwark.api.backup.Timeouts;
import dev.bulwark.api.common.HookCommand;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.LifecycleReport;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.core.backup.PolicyRetention;
import dev.bulwark.core.backup.TargetLifecycle;
import dev.bulwark.core.hooks.HookContext;
import dev.bulwark.core.hooks.HookFailedException;
import dev.bulwark.core.hooks.HookRunner;
import dev.bulwark.core.postgres.PostgresTools;
import dev.bulwark.core.runs.RunLock;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.IntegrityException;
import dev.bulwark.engine.RepositoryLockedException;
import dev.bulwark.engine.TargetAccessException;
import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.ParentCache;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.FormatException;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.progress.ProgressListener;
import dev.bulwark.engine.prune.PruneRequest;
import dev.bulwark.engine.prune.PruneResult;
import dev.bulwark.engine.prune.Pruner;
import dev.bulwark.engine.retention.RetentionPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one backup job of a policy end to end, on the calling thread:
 *
 * <ol>
 *   <li>takes the policy's job lock (waiting up to {@code lockWait} for a job of another process);
 *   <li>ends as canceled any job a dead process left pending or running (not a failure);
 *   <li>selects the job's single target (R7), runs the pre hooks, takes the snapshot, and runs the
 *       post hooks whatever happened; past the policy's deadline ({@link JobDeadline}) the job is
 *       stopped and recorded as failed with failure kind deadline;
 *   <li>after a success: prunes a local target by the policy's retention, and keeps a bucket's
 *       lifecycle rules reconciled (at most hourly, and whenever the retention changes);
 *   <li>writes the job record at every change of state and one audit line at start and end.
 * </ol>
 *
 * A failing target fails the job; it moves to {@code spec.fallbackTarget} only when
 * BACKUP_SINGLE_TARGET_ENFORCED=0, with an {@code ALERT TargetSwitched} log line and a {@code
 * fallback-from-<target>} label. Errors never carry secrets: the engine and the targets already
 * keep them out, and hooks report only their exit and stderr tail.
 */
public final class BackupJobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BackupJobRunner.class);
  private static final Duration LIFECYCLE_INTERVAL = Duration.ofHours(1);
  private static final Duration LOCK_POLL = Duration.ofMillis(500);

  private final PolicyRepositories repositories;
  private final Environment environment;
  private final StatePaths paths;
  private final JobStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final HookRunner hooks;
  private final Optional<TargetLifecycle> lifecycle;
  private final JobListener listener;
  private final Duration lockWait;
  private final String toolVersion;

  private BackupJobRunner(Builder b) {
    this.repositories = b.repositories;
    this.environment = b.environment;
    this.paths = b.paths;
    this.store = new JobStore(b.paths);
    this.audit = new AuditLog(b.paths.auditLog());
    this.clock = b.clock;
    this.hooks = b.hooks;
    this.lifecycle = Optional.ofNullable(b.lifecycle);
    this.listener = b.listener;
    this.lockWait = b.lockWait;
    this.toolVersion = b.toolVersion;
  }

  /**
   * A runner binding policies through {@code repositories} and keeping its files under {@code
   * paths}.
   */
  public static Builder builder(
      PolicyRepositories repositories, Environment environment, StatePaths paths) {
    return new Builder(repositories, environment, paths);
  }

  /** The job records this runner writes. */
  public JobStore store() {
    return store;
  }

  /**
   * Records a new job of {@code policy} as pending and returns it; {@link #run} then runs it. Two
   * steps so that a runtime can show the job (and not start a second one) before a thread is free.
   */
  public JobRecord enqueue(BackupPolicy policy, Optional<String> namespace, JobOrder order) {
    Instant now = clock.instant();
    List<String> labels = order.label().map(List::of).orElse(List.of());
    JobRecord pending =
        new JobRecord(
            JobId.generate(now),
            name(policy),
            namespace.orElse(null),
            order.type().name().toLowerCase(Locale.ROOT),
            null,
            null,
            order.trigger(),
            order.actor(),
            order.attempt(),
            JobState.PENDING,
            now,
            null,
            null,
            null,
            null,
            null,
            labels,
            null,
            null,
            RunLock.hostName(),
            ProcessHandle.current().pid(),
            order.retryOf().orElse(null),
            null,
            null,
            null);
    store.write(pending);
    return pending;
  }

  /**
   * Runs the pending job {@code pending} (from {@link #enqueue}) to its end. Never throws for a
   * failing job: the outcome says how it ended.
   */
  public JobOutcome run(
      BackupPolicy policy,
      JobRecord pending,
      JobOrder order,
      ProgressListener progress,
      JobControl control) {
    control.attach(Thread.currentThread());
    try {
      Optional<RunLock> lock = awaitLock(pending, control);
      if (lock.isEmpty()) {
        Thread.interrupted();
        JobRecord ended =
            control.cancelRequested()
                ? pending.ended(
                    JobState.CANCELED,
                    FailureKind.INTERRUPTED,
                    "canceled while waiting: " + control.cancelReason(),
                    clock.instant())
                : pending.ended(
                    JobState.FAILED,
                    FailureKind.SETUP,
                    "another job of this policy held its lock for "
                        + lockWait.toSeconds()
                        + " s ("
                        + RunLock.holder(jobsDir(pending))
                        + ")",
                    clock.instant());
        return finish(policy, new JobOutcome(ended, Optional.empty(), List.of()));
      }
      // Held, never read: the try block below is what it guards.
      RunLock held = lock.get();
      try (held) {
        recoverAbandoned(pending);
        return finish(policy, runLocked(policy, pending, order, progress, control));
      }
    } finally {
      control.detach();
      Thread.interrupted(); // a cancel that came after the end must not leak into the caller
    }
  }

  private JobOutcome runLocked(
      BackupPolicy policy,
      JobRecord pending,
      JobOrder order,
      ProgressListener progress,
      JobControl control) {
    Duration deadline;
    try {
      deadline = JobDeadline.of(policy);
    } catch (IllegalArgumentException e) {
      return new JobOutcome(
          pending.ended(
              JobState.FAILED,
              FailureKind.SETUP,
              "spec.timeouts.job: " + e.getMessage(),
              clock.instant()),
          Optional.empty(),
          List.of());
    }
    try (JobDeadline timer = JobDeadline.start(deadline, deadlineText(policy), control)) {
      return runUntilDeadline(policy, pending, order, progress, control, timer);
    }
  }

  private JobOutcome runUntilDeadline(
      BackupPolicy policy,
      JobRecord pending,
      JobOrder order,
      ProgressListener progress,
      JobControl control,
      JobDeadline timer) {
    TargetProvider provider;
    try {
      provider = repositories.select(policy, order.targetOverride());
    } catch (JobSetupException e) {
      return new JobOutcome(
          pending.ended(JobState.FAILED, FailureKind.SETUP, e.getMessage(), clock.instant()),
          Optional.empty(),
          List.of());
    }
    JobRecord running = pending.running(WireNames.of(provider), clock.instant());
    store.write(running);
    audit.append(
        event(
            running,
            "job_started",
            null,
            Map.<String, Object>of(
                "type",
                running.requestedType(),
                "target",
                running.target(),
                "attempt",
                running.attempt())));
    HookContext hookContext =
        new HookContext(running.policy(), running.jobId(), running.requestedType());
    Hooks declared = policy.getSpec().getHooks();
    List<HookCommand> pre = declared == null ? null : declared.getPre();
    List<HookCommand> post = declared == null ? null : declared.getPost();
    JobOutcome outcome;
    try {
      hooks.runPre(hookContext, pre);
      outcome = snapshot(policy, running, order, provider, progress, control);
    } catch (HookFailedException e) {
      outcome =
          new JobOutcome(
              running.ended(JobState.FAILED, FailureKind.HOOK, e.getMessage(), clock.instant()),
              Optional.empty(),
              List.of());
    }
    timer.close(); // the post hooks have their own timeouts, and the outcome is decided
    if (control.cancelRequested() && !outcome.succeeded()) {
      JobRecord stopped =
          control.expired()
              ? outcome
                  .record()
                  .ended(
                      JobState.FAILED,
                      FailureKind.DEADLINE,
                      control.cancelReason()
                          + "; the job was stopped"
                          + (outcome.record().error() == null
                              ? ""
                              : " (" + outcome.record().error() + ")"),
                      clock.instant())
              : outcome
                  .record()
                  .ended(
                      JobState.CANCELED,
                      FailureKind.INTERRUPTED,
                      "canceled: " + control.cancelReason(),
                      clock.instant());
      outcome = new JobOutcome(stopped, Optional.empty(), outcome.warnings());
    }
    Thread.interrupted(); // post hooks and records must be written even after a cancel
    List<String> warnings = new ArrayList<>(outcome.warnings());
    warnings.addAll(hooks.runPost(hookContext, post, WireNames.of(outcome.record().state())));
    return new JobOutcome(outcome.record(), outcome.result(), warnings);
  }

  /** Takes the snapshot on the selected target, moving to the fallback only where R7 allows it. */
  private JobOutcome snapshot(
      BackupPolicy policy,
      JobRecord running,
      JobOrder order,
      TargetProvider provider,
      ProgressListener progress,
      JobControl control) {
    JobOutcome first = snapshotOn(policy, running, order, provider, progress);
    if (first.succeeded()
        || first.record().failureKind() != FailureKind.TARGET
        || control.cancelRequested()) {
      return first;
    }
    Optional<TargetProvider> fallback = repositories.fallbackFor(policy, provider);
    if (fallback.isEmpty()) {
      return first;
    }
    // R7: never silent. The switch is logged as an alert and labelled in the snapshot's manifest.
    LOG.warn(
        "ALERT TargetSwitched: BackupPolicy/{}: target {} failed ({}); writing job {} to fallback {}"
            + " because BACKUP_SINGLE_TARGET_ENFORCED=0",
        running.policy(),
        running.target(),
        first.record().error(),
        running.jobId(),
        WireNames.of(fallback.get()));
    JobRecord switched =
        running.withLabel("fallback-from-" + running.target(), WireNames.of(fallback.get()));
    store.write(switched);
    JobOutcome second = snapshotOn(policy, switched, order, fallback.get(), progress);
    if (second.succeeded()) {
      return second;
    }
    JobRecord bothFailed =
        second
            .record()
            .ended(
                JobState.FAILED,
                FailureKind.TARGET,
                "target "
                    + running.target()
                    + " failed ("
                    + first.record().error()
                    + "); fallback "
                    + switched.target()
                    + " failed too ("
                    + second.record().error()
                    + ")",
                clock.instant());
    return new JobOutcome(bothFailed, Optional.empty(), second.warnings());
  }

  private JobOutcome snapshotOn(
      BackupPolicy policy,
      JobRecord running,
      JobOrder order,
      TargetProvider provider,
      ProgressListener progress) {
    PolicyRepository bound;
    try {
      bound = repositories.openOn(policy, provider);
    } catch (JobSetupException e) {
      return failed(running, FailureKind.TARGET, e.getMessage());
    }
    BackupResult result;
    try {
      result =
          new BackupEngine(bound.repository())
              .backup(request(policy, running, order, bound), progress);
    } catch (TargetAccessException e) {
      return failed(
          running,
          FailureKind.TARGET,
          bound.repository().target().describe() + ": " + e.getMessage());
    } catch (RepositoryLockedException e) {
      // Another live job holds the repository: neither the target nor the sources are at fault.
      return failed(running, FailureKind.LOCKED, e.getMessage());
    } catch (IntegrityException | FormatException e) {
      Optional<String[]> corrupt =
          order.type() == SnapshotType.INCREMENTAL ? unusableNewest(bound) : Optional.empty();
      if (corrupt.isEmpty()) {
        return failed(running, FailureKind.BACKUP, e.getMessage());
      }
      return fullInstead(
          policy,
          running.replacingCorrupt(corrupt.get()[0], corrupt.get()[1]),
          order,
          bound,
          progress);
    } catch (EngineException e) {
      return failed(running, FailureKind.BACKUP, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error(
          "BackupPolicy/{}: job {} failed unexpectedly", running.policy(), running.jobId(), e);
      return failed(
          running,
          FailureKind.BACKUP,
          "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    if (result.parentSource() != null) {
      LOG.info(
          "BackupPolicy/{}: job {} read its parent {} from the {} in {} ms",
          running.policy(),
          running.jobId(),
          result.parentJobId(),
          result.parentSource(),
          result.parentReadTime() == null ? "?" : result.parentReadTime().toMillis());
    }
    Thread.interrupted(); // the snapshot is committed: a cancel now must not undo the bookkeeping
    JobRecord succeeded =
        running.succeeded(
            result.snapshotType().name().toLowerCase(Locale.ROOT),
            result.finishedAt(),
            result.files(),
            result.bytes(),
            result.bytesUploaded(),
            result.domains());
    List<String> warnings = new ArrayList<>(result.warnings());
    warnings.addAll(afterSuccess(policy, succeeded, bound));
    return new JobOutcome(succeeded, Optional.of(result), warnings);
  }

  /**
   * The newest snapshot and why it cannot be read, when an incremental failed on a damaged
   * repository object and the newest snapshot (or its full) is the one: its manifest or catalog
   * entry is corrupt, missing or of an unknown format. Checked again here, so that a job never
   * takes a full for damage elsewhere.
   */
  private static Optional<String[]> unusableNewest(PolicyRepository bound) {
    try {
      Optional<SnapshotSummary> newest = bound.repository().catalog().newest();
      if (newest.isEmpty()) {
        return Optional.empty();
      }
      try {
        bound.repository().readIndex(newest.get());
        return Optional.empty();
      } catch (IntegrityException | FormatException e) {
        return Optional.of(new String[] {newest.get().jobId(), e.getMessage()});
      }
    } catch (EngineException e) {
      return Optional.empty();
    }
  }

  /**
   * Takes a full where an incremental cannot build on the newest snapshot: the cycle starts again
   * from the sources, the record says which snapshot was unusable, and an alert names it (the
   * policy's Verified condition turns False and a verify runs).
   */
  private JobOutcome fullInstead(
      BackupPolicy policy,
      JobRecord running,
      JobOrder order,
      PolicyRepository bound,
      ProgressListener progress) {
    LOG.warn(
        "ALERT CorruptSnapshot: BackupPolicy/{}: the newest snapshot {} cannot be read ({}); job {} takes a"
            + " full instead. `bulwark verify --policy {}` lists every damaged object",
        running.policy(),
        running.corruptSnapshot(),
        running.corruptReason(),
        running.jobId(),
        running.policy());
    store.write(running);
    JobOrder full =
        new JobOrder(
            SnapshotType.FULL,
            order.trigger(),
            order.actor(),
            order.attempt(),
            order.label(),
            order.targetOverride(),
            order.retryOf());
    BackupResult result;
    try {
      result =
          new BackupEngine(bound.repository())
              .backup(request(policy, running, full, bound), progress);
    } catch (TargetAccessException e) {
      return failed(
          running,
          FailureKind.TARGET,
          bound.repository().target().describe() + ": " + e.getMessage());
    } catch (EngineException | RuntimeException e) {
      return failed(
          running,
          FailureKind.BACKUP,
          "the newest snapshot "
              + running.corruptSnapshot()
              + " cannot be read, and the full taken instead failed too: "
              + e.getMessage());
    }
    Thread.interrupted(); // the snapshot is committed: a cancel now must not undo the bookkeeping
    JobRecord succeeded =
        running.succeeded(
            result.snapshotType().name().toLowerCase(Locale.ROOT),
            result.finishedAt(),
            result.files(),
            result.bytes(),
            result.bytesUploaded());
    List<String> warnings = new ArrayList<>(result.warnings());
    warnings.addAll(afterSuccess(policy, succeeded, bound));
    return new JobOutcome(succeeded, Optional.of(result), warnings);
  }

  private BackupRequest request(
      BackupPolicy policy, JobRecord running, JobOrder order, PolicyRepository bound) {
    BackupRequest.Builder request =
        BackupRequest.builder()
            .jobId(running.jobId())
            .sources(bound.sources())
            .streams(bound.databases())
            .snapshotType(order.type())
            .stateDirectory(paths.latestDir())
            .parentCache(ParentCache.in(paths.parentCacheDir()))
            .toolVersion("bulwark", toolVersion)
            .restoreEntrypoint(
                "bulwark restore --policy " + bound.policy() + " --snapshot <job_id> --to <dir>");
    running.labels().forEach(request::label);
    if (!bound.databases().isEmpty()) {
      // The dump's format depends on pg_dump's version: a restore needs a pg_restore at least as
      // new.
      PostgresTools.from(environment)
          .version("pg_dump")
          .ifPresent(v -> request.toolVersion("pg_dump", v));
    }
    Throttle throttle = policy.getSpec().getThrottle();
    if (throttle != null && throttle.getUploadBytesPerSecond() != null) {
      request.uploadBytesPerSecond(throttle.getUploadBytesPerSecond());
    }
    if (throttle != null && throttle.getMaxConcurrentUploads() != null) {
      request.maxConcurrentUploads(throttle.getMaxConcurrentUploads());
    }
    return request.build();
  }

  /**
   * Retention after a committed snapshot. A local target has no bucket lifecycle, so the runner
   * prunes it; a bucket gets its lifecycle rules reconciled. Problems here are warnings and the
   * LifecycleEffective condition: the snapshot itself is safe.
   */
  private List<String> afterSuccess(BackupPolicy policy, JobRecord job, PolicyRepository bound) {
    RetentionPolicy retention = PolicyRetention.of(policy, environment);
    String settings = retention.toString();
    Optional<String> namespace = Optional.ofNullable(job.namespace());
    if (bound.provider() == TargetProvider.LOCAL) {
      try {
        PruneResult pruned =
            new Pruner(bound.repository()).prune(PruneRequest.builder(retention).build());
        if (!pruned.removed().isEmpty()) {
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("target", job.target());
          details.put("removed", pruned.removed().stream().map(s -> s.jobId()).toList());
          details.put("bytes_freed", pruned.bytesFreed());
          audit.append(
              new AuditEvent(
                  clock.instant(),
                  "prune",
                  "BackupPolicy",
                  job.namespace(),
                  job.policy(),
                  job.jobId(),
                  "controller",
                  job.actor(),
                  "success",
                  details));
        }
        store.writeLifecycle(
            namespace,
            job.policy(),
            new LifecycleState(
                clock.instant(),
                job.target(),
                true,
                "local target: expired snapshots are pruned after each backup (hot "
                    + retention.hotDays()
                    + " d, cold "
                    + retention.coldDays()
                    + " d, keepLast "
                    + retention.keepLast()
                    + ")",
                settings));
        return pruned.warnings();
      } catch (EngineException | RuntimeException e) {
        String why = "pruning the local target failed: " + e.getMessage();
        store.writeLifecycle(
            namespace,
            job.policy(),
            new LifecycleState(clock.instant(), job.target(), false, why, settings));
        return List.of(why);
      }
    }
    if (lifecycle.isEmpty()) {
      return List.of();
    }
    Optional<LifecycleState> last = store.lifecycle(namespace, job.policy());
    boolean current =
        last.isPresent()
            && last.get().target().equals(job.target())
            && settings.equals(last.get().settings())
            && last.get().checkedAt().plus(LIFECYCLE_INTERVAL).isAfter(clock.instant());
    if (current) {
      return List.of();
    }
    LifecycleState state;
    try {
      LifecycleReport report = lifecycle.get().reconcile(policy, bound.provider(), true);
      state =
          new LifecycleState(
              clock.instant(), job.target(), report.effective(), report.message(), settings);
    } catch (JobSetupException | RuntimeException e) {
      state =
          new LifecycleState(
              clock.instant(),
              job.target(),
              false,
              "lifecycle rules could not be reconciled: " + e.getMessage(),
              settings);
    }
    store.writeLifecycle(namespace, job.policy(), state);
    return state.effective() ? List.of() : List.of(state.message());
  }

  /** Writes the final record and audit line, trims the history and tells the listener. */
  private JobOutcome finish(BackupPolicy policy, JobOutcome outcome) {
    JobRecord record = outcome.record();
    store.write(record);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("type", record.effectiveType());
    if (record.target() != null) {
      details.put("target", record.target());
    }
    details.put("attempt", record.attempt());
    if (record.files() != null) {
      details.put("files", record.files());
      details.put("bytes", record.bytes());
    }
    if (record.error() != null) {
      details.put("error", record.error());
    }
    if (record.corruptSnapshot() != null) {
      details.put("corrupt_snapshot", record.corruptSnapshot());
      details.put("corrupt_reason", record.corruptReason());
    }
    audit.append(event(record, "job_finished", WireNames.of(record.state()), details));
    Optional<String> namespace = Optional.ofNullable(record.namespace());
    store.trim(namespace, record.policy());
    if (record.state() == JobState.SUCCESS) {
      LOG.info(
          "BackupPolicy/{}: job {} ({}, {}) succeeded: {} files, {} bytes",
          record.policy(),
          record.jobId(),
          record.effectiveType(),
          record.target(),
          record.files(),
          record.bytes());
    } else {
      LOG.warn(
          "BackupPolicy/{}: job {} {}: {}",
          record.policy(),
          record.jobId(),
          WireNames.of(record.state()),
          record.error());
    }
    outcome
        .warnings()
        .forEach(w -> LOG.warn("BackupPolicy/{}: job {}: {}", record.policy(), record.jobId(), w));
    try {
      listener.jobFinished(outcome);
    } catch (RuntimeException e) {
      LOG.error("job listener failed for {}", record.jobId(), e);
    }
    return outcome;
  }

  /** Waits for the policy's job lock; empty when the wait ran out or the job was canceled. */
  private Optional<RunLock> awaitLock(JobRecord pending, JobControl control) {
    Path dir = jobsDir(pending);
    long deadline = System.nanoTime() + lockWait.toNanos();
    boolean told = false;
    while (true) {
      Optional<RunLock> lock = RunLock.tryAcquire(dir, pending.jobId());
      if (lock.isPresent() || control.cancelRequested() || System.nanoTime() - deadline >= 0) {
        return lock;
      }
      if (!told) {
        LOG.info(
            "BackupPolicy/{}: job {} waits for the policy's running job ({})",
            pending.policy(),
            pending.jobId(),
            RunLock.holder(dir));
        told = true;
      }
      try {
        Thread.sleep(LOCK_POLL.toMillis());
      } catch (InterruptedException e) {
        if (control.cancelRequested()) {
          return Optional.empty();
        }
      }
    }
  }

  /**
   * Records the end of a job that another process ran from this runner's pending record (a
   * Kubernetes Job's pod, which keeps its own records in scratch space): written, trimmed, audited,
   * logged and passed to the listener exactly as if this runner had run it.
   */
  public JobOutcome recordEnd(BackupPolicy policy, JobRecord ended) {
    if (!ended.finished()) {
      throw new IllegalArgumentException("job " + ended.jobId() + " has not ended");
    }
    return finish(policy, new JobOutcome(ended, Optional.empty(), List.of()));
  }

  /**
   * Appends the {@code job_started} line of a job another process runs (see {@link #recordEnd}).
   */
  public void recordStart(JobRecord pending, String where) {
    audit.append(
        event(
            pending,
            "job_started",
            null,
            Map.<String, Object>of(
                "type", pending.requestedType(), "attempt", pending.attempt(), "runs_in", where)));
  }

  /**
   * Ends as canceled the jobs of a policy that a dead process left pending or running, if no live
   * job holds the policy's lock now. Runtimes call it when the history shows an unfinished job they
   * are not running, so such a job never blocks the cadence.
   *
   * @return true when the lock was free (and leftovers, if any, were recorded as canceled)
   */
  public boolean recover(Optional<String> namespace, String policy) {
    Optional<RunLock> lock = RunLock.tryAcquire(store.directory(namespace, policy), "recovery");
    if (lock.isEmpty()) {
      return false;
    }
    // Held, never read: the try block below is what it guards.
    RunLock held = lock.get();
    try (held) {
      recoverAbandoned(namespace, policy, "");
      return true;
    }
  }

  /**
   * Holding the lock proves no other job of this policy runs on this machine, so a record still
   * running was left by a process that died (kill -9, power loss), and a pending one of a dead
   * process will never run. Both end as canceled: the engine cleans their leftovers when it next
   * takes the repository lock, and a death is not a backup failure.
   */
  private void recoverAbandoned(JobRecord current) {
    recoverAbandoned(Optional.ofNullable(current.namespace()), current.policy(), current.jobId());
  }

  private void recoverAbandoned(Optional<String> namespace, String policy, String currentJobId) {
    for (JobRecord record : store.recent(namespace, policy, JobLedger.WINDOW)) {
      if (record.jobId().equals(currentJobId) || record.state().finished()) {
        continue;
      }
      boolean abandoned = record.state() == JobState.RUNNING || !alive(record);
      if (abandoned) {
        JobRecord canceled =
            record.ended(
                JobState.CANCELED,
                FailureKind.INTERRUPTED,
                "interrupted: the process running it (pid "
                    + record.pid()
                    + ") stopped during the job",
                clock.instant());
        store.write(canceled);
        audit.append(
            event(
                canceled,
                "job_finished",
                "canceled",
                Map.<String, Object>of("error", canceled.error())));
        LOG.warn(
            "BackupPolicy/{}: job {} was left {} by a process that stopped; recorded as canceled",
            record.policy(),
            record.jobId(),
            WireNames.of(record.state()));
      }
    }
  }

  private static boolean alive(JobRecord record) {
    if (record.pid() == null || !Objects.equals(record.host(), RunLock.hostName())) {
      return true; // another host's job: not ours to judge
    }
    return ProcessHandle.of(record.pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  private Path jobsDir(JobRecord record) {
    return store.directory(Optional.ofNullable(record.namespace()), record.policy());
  }

  /** The deadline as the policy writes it, for messages. */
  private static String deadlineText(BackupPolicy policy) {
    Timeouts timeouts = policy.getSpec().getTimeouts();
    return timeouts == null || timeouts.getJob() == null
        ? JobDeadline.DEFAULT.toHours() + "h"
        : timeouts.getJob().strip();
  }

  private JobOutcome failed(JobRecord running, FailureKind kind, String why) {
    return new JobOutcome(
        running.ended(JobState.FAILED, kind, why, clock.instant()), Optional.empty(), List.of());
  }

  private AuditEvent event(
      JobRecord record, String event, String result, Map<String, Object> details) {
    return new AuditEvent(
        clock.instant(),
        event,
        "BackupPolicy",
        record.namespace(),
        record.policy(),
        record.jobId(),
        WireNames.of(record.trigger()),
        record.actor(),
        result,
        details);
  }

  private static String name(BackupPolicy policy) {
    return policy.getRef().name();
  }

  /** Settings of a {@link BackupJobRunner}. */
  public static final class Builder {
    private final PolicyRepositories repositories;
    private final Environment environment;
    private final StatePaths paths;
    private Clock clock = Clock.systemUTC();
    private HookRunner hooks = new HookRunner();
    private TargetLifecycle lifecycle;
    private JobListener listener = JobListener.none();
    private Duration lockWait = Duration.ofMinutes(10);
    private String toolVersion = "dev";

    private Builder(PolicyRepositories repositories, Environment environment, StatePaths paths) {
      this.repositories = Objects.requireNonNull(repositories);
      this.environment = Objects.requireNonNull(environment);
      this.paths = Objects.requireNonNull(paths);
    }

    /** The clock of records and audit lines. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Runs pre and post hooks. */
    public Builder hooks(HookRunner hooks) {
      this.hooks = hooks;
      return this;
    }

    /**
     * Reconciles bucket lifecycles after successful jobs; without one, buckets are left as they
     * are.
     */
    public Builder lifecycle(TargetLifecycle lifecycle) {
      this.lifecycle = lifecycle;
      return this;
    }

    /** Told about every finished job (metrics). */
    public Builder listener(JobListener listener) {
      this.listener = listener;
      return this;
    }

    /** How long a job waits for another job of its policy before it fails. */
    public Builder lockWait(Duration lockWait) {
      this.lockWait = lockWait;
      return this;
    }

    /** The version recorded in manifests as {@code tool_versions.bulwark}. */
    public Builder toolVersion(String version) {
      this.toolVersion = version;
      return this;
    }

    public BackupJobRunner build() {
      return new BackupJobRunner(this);
    }
  }
}
