package dev.bulwark.core.replay;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.replay.PartitionState;
import dev.bulwark.api.replay.ReplayPhase;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.runs.RunLock;
import dev.bulwark.core.runs.RunStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a ReplayPlan once: resolves the inputs (the live tree, or a sandbox restored from the
 * snapshot), plans every partition of the window, and on apply or backfill replays the partitions
 * the plan proposes, one at a time. Ends with a run record and one audit line. One run of a plan at
 * a time, across processes.
 */
public final class ReplayRunner {
  /** The upstream manifest prefix of inputs restored from a snapshot. */
  static final String SNAPSHOT = "snapshot:";

  /** Runs kept per plan; older records go, the audit keeps their lines. */
  static final int KEEP = 50;

  private static final Logger LOG = LoggerFactory.getLogger(ReplayRunner.class);
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private final ReplayPaths paths;
  private final RunStore<ReplayRunRecord> store;
  private final Optional<PolicyRepositories> repositories;
  private final Clock clock;
  private final Duration timeout;

  private ReplayRunner(Builder builder) {
    this.paths = new ReplayPaths(builder.state);
    this.store = store(paths);
    this.repositories = Optional.ofNullable(builder.repositories);
    this.clock = builder.clock;
    this.timeout = builder.timeout;
  }

  /** A runner keeping its files under the state directory {@code state}. */
  public static Builder builder(Path state) {
    return new Builder(state);
  }

  /** The run records this runner writes. */
  public RunStore<ReplayRunRecord> store() {
    return store;
  }

  /**
   * The run records of every ReplayPlan under {@code paths}: one file per run, {@code
   * <state>/replay/[<namespace>/]<plan>/runs/<run_id>.json}, written when the run ended.
   */
  public static RunStore<ReplayRunRecord> store(ReplayPaths paths) {
    return new RunStore<>(
        ReplayRunRecord.class,
        "replay run record",
        key -> paths.runs(key.namespace(), key.owner()));
  }

  /**
   * Runs {@code request} and returns its record (also written, and audited). Partition failures are
   * in the record; only a plan that cannot run at all throws.
   *
   * @throws ReplayPlanException when the plan is malformed, names a partition outside its window,
   *     needs a policy it was not given, or another run of it is active
   */
  public ReplayRunRecord run(ReplayRequest request) throws ReplayPlanException {
    ReplaySettings settings = ReplaySettings.of(request.plan());
    List<String> days = days(settings, request);
    if (settings.fromSnapshot().isPresent()
        && (request.policy().isEmpty() || repositories.isEmpty())) {
      throw new ReplayPlanException(
          "spec.inputs.fromSnapshot needs spec.policyRef: the BackupPolicy whose "
              + "repository holds snapshot '"
              + settings.fromSnapshot().get()
              + "'");
    }
    Path planDir = paths.runs(settings.namespace(), settings.plan()).getParent();
    Optional<RunLock> lock;
    try {
      lock = RunLock.tryAcquireFile(planDir.resolve("run.lock"), "replay");
    } catch (UncheckedIOException e) {
      throw new ReplayPlanException(
          "cannot lock the runs of ReplayPlan/"
              + settings.plan()
              + " in "
              + planDir
              + ": "
              + e.getCause().getMessage());
    }
    if (lock.isEmpty()) {
      throw new ReplayPlanException(
          "another run of ReplayPlan/" + settings.plan() + " is active; try again later");
    }
    // Held, never read: the run below is what it guards.
    RunLock held = lock.get();
    try (held) {
      return runLocked(request, settings, days);
    }
  }

  private ReplayRunRecord runLocked(
      ReplayRequest request, ReplaySettings settings, List<String> days) {
    Instant started = clock.instant();
    String runId =
        RUN_ID.format(started)
            + "-"
            + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    Path scratch = paths.scratch(settings.namespace(), settings.plan(), runId);
    List<PartitionOutcome> outcomes = new ArrayList<>();
    String upstream = "live:" + settings.inputRoot();
    String message;
    boolean broken = false;
    try {
      Path inputRoot = settings.inputRoot();
      if (settings.fromSnapshot().isPresent()) {
        BackupPolicy policy = request.policy().orElseThrow();
        SnapshotInputs.Restored restored =
            new SnapshotInputs(repositories.orElseThrow())
                .restore(
                    policy,
                    settings.fromSnapshot().get(),
                    settings.inputRoot(),
                    scratch.resolve("sandbox"));
        inputRoot = restored.root();
        upstream = SNAPSHOT + restored.snapshotJobId();
      }
      PartitionIndex index = PartitionIndex.scan(inputRoot, settings);
      List<PlanRecord> plan =
          new ReplayPlanner(paths, clock)
              .plan(settings, request.action(), days, index, upstream, request.actor());
      PartitionReplay replay = new PartitionReplay(settings, paths, clock, timeout);
      for (PlanRecord record : plan) {
        outcomes.add(
            carryOut(request.action(), record, replay, runId, inputRoot, index, upstream, scratch));
      }
      message = summary(request.action(), outcomes, index.unpartitioned().size());
    } catch (ReplayPlanException e) {
      message = e.getMessage();
      broken = true;
    } catch (IOException e) {
      message =
          "cannot read the inputs under "
              + settings.inputRoot()
              + " or write the plan records: "
              + e.getMessage();
      broken = true;
    } finally {
      try {
        StagedInputs.delete(scratch);
      } catch (IOException e) {
        LOG.warn(
            "ReplayPlan/{}: cannot remove the scratch space {}: {}",
            settings.plan(),
            scratch,
            e.getMessage());
      }
    }
    boolean failed = broken || outcomes.stream().anyMatch(o -> o.state() == PartitionState.FAILED);
    ReplayRunRecord record =
        new ReplayRunRecord(
            runId,
            settings.plan(),
            settings.namespace().orElse(null),
            request.generation().orElse(null),
            request.action().wireName(),
            settings.analyzerVersion(),
            upstream,
            failed ? ReplayPhase.FAILED : ReplayPhase.SUCCEEDED,
            message,
            outcomes,
            started,
            clock.instant());
    store.write(record);
    store.keepNewest(record.key(), KEEP);
    new ReplayAudit(paths.audit()).append(record, request.trigger(), request.actor());
    return record;
  }

  private static PartitionOutcome carryOut(
      ReplayAction action,
      PlanRecord record,
      PartitionReplay replay,
      String runId,
      Path inputRoot,
      PartitionIndex index,
      String upstream,
      Path scratch) {
    String day = record.partition();
    if (record.proposedAction().equals(ReplayPlanner.REFUSE)) {
      return new PartitionOutcome(
          day,
          action == ReplayAction.DRY_RUN ? PartitionState.SKIPPED : PartitionState.FAILED,
          record.gapReason(),
          record.reportPath());
    }
    if (!record.proposedAction().equals(PlanRecord.REPLAY)) {
      return new PartitionOutcome(
          day, PartitionState.SKIPPED, record.gapReason(), record.reportPath());
    }
    if (action == ReplayAction.DRY_RUN) {
      return new PartitionOutcome(
          day, PartitionState.PLANNED, record.gapReason(), record.reportPath());
    }
    PartitionEvidence evidence =
        replay.run(runId, day, inputRoot, index.inputs(day), upstream, scratch);
    String evidenceFile = replay.evidenceFile(day);
    return PartitionEvidence.DONE.equals(evidence.state())
        ? new PartitionOutcome(
            day, PartitionState.DONE, "published " + evidence.published(), evidenceFile)
        : new PartitionOutcome(day, PartitionState.FAILED, evidence.error(), evidenceFile);
  }

  private static List<String> days(ReplaySettings settings, ReplayRequest request)
      throws ReplayPlanException {
    LocalDate start = request.window().map(DayWindow::start).orElse(settings.start());
    LocalDate end = request.window().map(DayWindow::end).orElse(settings.end());
    if (request.partition().isEmpty()) {
      return ReplaySettings.days(start, end);
    }
    LocalDate day = ReplaySettings.day(request.partition().get(), "partition");
    if (day.isBefore(start) || day.isAfter(end)) {
      throw new ReplayPlanException(
          "partition " + day + " is outside the window " + start + ".." + end);
    }
    return List.of(day.toString());
  }

  private static String summary(
      ReplayAction action, List<PartitionOutcome> outcomes, int unpartitioned) {
    StringBuilder text = new StringBuilder(action.wireName()).append(": ");
    List<String> parts = new ArrayList<>();
    for (PartitionState state : PartitionState.values()) {
      long n = outcomes.stream().filter(o -> o.state() == state).count();
      if (n > 0) {
        parts.add(n + " " + dev.bulwark.api.common.WireNames.of(state));
      }
    }
    text.append(parts.isEmpty() ? "no partitions" : String.join(", ", parts))
        .append(" of ")
        .append(outcomes.size())
        .append(" partition(s)");
    if (unpartitioned > 0) {
      text.append("; ")
          .append(unpartitioned)
          .append(" input file(s) carry no partition key and were ignored");
    }
    if (action == ReplayAction.DRY_RUN) {
      text.append("; nothing was written but the plan records");
    }
    return text.toString();
  }

  /** Settings of a runner. */
  public static final class Builder {
    private final Path state;
    private PolicyRepositories repositories;
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofMinutes(30);

    private Builder(Path state) {
      this.state = state;
    }

    /** The repositories snapshots are restored from (needed by plans with inputs.fromSnapshot). */
    public Builder repositories(PolicyRepositories repositories) {
      this.repositories = repositories;
      return this;
    }

    /** The clock of records and ids. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How long the analyzer and a check command may run per partition (default 30 minutes). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** The runner. */
    public ReplayRunner build() {
      return new ReplayRunner(this);
    }
  }
}
