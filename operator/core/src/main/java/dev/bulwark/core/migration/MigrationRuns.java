package dev.bulwark.core.migration;

import dev.bulwark.core.runs.InProcessRunExecutor;
import dev.bulwark.core.runs.PreparedRun;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunKind;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.runs.RunService;
import java.time.Duration;
import java.util.Optional;

/**
 * Migrations as a kind of run: a run records itself at each phase on its own thread ({@link
 * MigrationRunner#run}); abandoned runs are ended as interrupted by {@link
 * MigrationRunner#recover}, and their journal makes the plan's next run roll them back. A run is
 * not interruptible halfway: a shutdown waits for it, and one still going after the wait is
 * interrupted and rolled back by the next run.
 */
public final class MigrationRuns implements RunKind<MigrationRequest, MigrationRecord> {
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final MigrationRunner runner;

  /** Migration runs done by {@code runner}. */
  public MigrationRuns(MigrationRunner runner) {
    this.runner = runner;
  }

  /** Migrations run in this process one at a time, with the run records controllers read. */
  public static RunService<MigrationRequest, MigrationRecord, RunLedger<MigrationRecord>> inProcess(
      MigrationRunner runner) {
    return new RunService<>(
        new InProcessRunExecutor<>(new MigrationRuns(runner), 1, SHUTDOWN_WAIT),
        runner.store().ledger());
  }

  @Override
  public String name() {
    return "migration";
  }

  @Override
  public PreparedRun<MigrationRecord> prepare(RunKey key, MigrationRequest request) {
    return new PreparedRun<>() {
      @Override
      public Optional<MigrationRecord> recorded() {
        return Optional.empty();
      }

      @Override
      public void run() {
        runner.run(request);
      }
    };
  }

  @Override
  public RunLedger<MigrationRecord> ledger() {
    return runner.store().ledger();
  }

  @Override
  public boolean recover(RunKey key) {
    return runner.recover(key);
  }
}
