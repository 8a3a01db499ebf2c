package dev.bulwark.core.verify;

import dev.bulwark.core.runs.InProcessRunExecutor;
import dev.bulwark.core.runs.PreparedRun;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunKind;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.runs.RunService;
import java.time.Duration;
import java.util.Optional;

/**
 * Periodic verifies as a kind of run: a run is recorded as running on the caller's thread ({@link
 * VerifyRunner#begin}), then run by {@link VerifyRunner#run}; abandoned runs are ended as failed
 * ("interrupted") by {@link VerifyRunner#recover}. A verify only reads, so a shutdown waits briefly
 * and then interrupts it.
 */
public final class VerifyRuns implements RunKind<VerifyOrder, VerifyRecord> {
  /** How many runs a controller looks at: the newest finished one is among them. */
  public static final int WINDOW = 5;

  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);
  private static final String ACTOR = "controller";

  private final VerifyRunner runner;

  /** Verify runs done by {@code runner}. */
  public VerifyRuns(VerifyRunner runner) {
    this.runner = runner;
  }

  /**
   * Verifies run in this process on at most {@code threads} threads (of different policies at
   * once), with the history controllers read.
   */
  public static RunService<VerifyOrder, VerifyRecord, RunLedger<VerifyRecord>> inProcess(
      VerifyRunner runner, int threads) {
    return new RunService<>(
        new InProcessRunExecutor<>(new VerifyRuns(runner), threads, SHUTDOWN_WAIT),
        runner.store().ledger());
  }

  @Override
  public String name() {
    return "verify";
  }

  @Override
  public PreparedRun<VerifyRecord> prepare(RunKey key, VerifyOrder order) {
    VerifyRecord running = runner.begin(order.policy(), key.namespace(), order.trigger(), ACTOR);
    return new PreparedRun<>() {
      @Override
      public Optional<VerifyRecord> recorded() {
        return Optional.of(running);
      }

      @Override
      public void run() {
        runner.run(order.policy(), running);
      }
    };
  }

  @Override
  public RunLedger<VerifyRecord> ledger() {
    return runner.store().ledger();
  }

  @Override
  public boolean recover(RunKey key) {
    return runner.recover(key);
  }
}
