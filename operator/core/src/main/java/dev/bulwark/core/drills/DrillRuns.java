package dev.bulwark.core.drills;

import dev.bulwark.core.runs.InProcessRunExecutor;
import dev.bulwark.core.runs.PreparedRun;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunKind;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.runs.RunService;
import java.time.Duration;
import java.util.Optional;

/**
 * Drills as a kind of run: a run is recorded as running on the caller's thread ({@link
 * DrillRunner#begin}), then run by {@link DrillRunner#run}; abandoned runs are ended as failed
 * ("interrupted") by {@link DrillRunner#recover}. Drills cannot be stopped halfway: a shutdown
 * waits briefly, then interrupts them (they record a failure).
 */
public final class DrillRuns implements RunKind<DrillRequest, DrillRecord> {
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);
  private static final String ACTOR = "controller";

  private final DrillRunner runner;

  /** Drill runs done by {@code runner}. */
  public DrillRuns(DrillRunner runner) {
    this.runner = runner;
  }

  /**
   * Drills run in this process on at most {@code threads} threads (of different RestoreDrills at
   * once), with the history controllers read.
   */
  public static RunService<DrillRequest, DrillRecord, DrillLedger> inProcess(
      DrillRunner runner, int threads) {
    return new RunService<>(
        new InProcessRunExecutor<>(new DrillRuns(runner), threads, SHUTDOWN_WAIT),
        DrillLedger.of(runner.store()));
  }

  @Override
  public String name() {
    return "drill";
  }

  @Override
  public PreparedRun<DrillRecord> prepare(RunKey key, DrillRequest request) {
    DrillRecord running =
        runner.begin(request.drill(), request.policy(), key.namespace(), request.trigger(), ACTOR);
    return new PreparedRun<>() {
      @Override
      public Optional<DrillRecord> recorded() {
        return Optional.of(running);
      }

      @Override
      public void run() {
        runner.run(request.drill(), request.policy(), running);
      }
    };
  }

  @Override
  public RunLedger<DrillRecord> ledger() {
    return runner.store().runs();
  }

  @Override
  public boolean recover(RunKey key) {
    return runner.recover(key.namespace(), key.owner());
  }
}
