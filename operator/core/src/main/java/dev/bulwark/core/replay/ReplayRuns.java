package dev.bulwark.core.replay;

import dev.bulwark.core.runs.InProcessRunExecutor;
import dev.bulwark.core.runs.PreparedRun;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunKind;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.runs.RunService;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays as a kind of run: nothing is recorded before a run (its record is written when it ended,
 * by {@link ReplayRunner#run}), so no run is ever left unfinished on disk and there is nothing to
 * recover; a plan that cannot run at all is logged. A shutdown waits for the running replay.
 */
public final class ReplayRuns implements RunKind<ReplayRequest, ReplayRunRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayRuns.class);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final ReplayRunner runner;

  /** Replay runs done by {@code runner}. */
  public ReplayRuns(ReplayRunner runner) {
    this.runner = runner;
  }

  /** Replays run in this process one at a time, with the run records controllers read. */
  public static RunService<ReplayRequest, ReplayRunRecord, RunLedger<ReplayRunRecord>> inProcess(
      ReplayRunner runner) {
    return new RunService<>(
        new InProcessRunExecutor<>(new ReplayRuns(runner), 1, SHUTDOWN_WAIT),
        runner.store().ledger());
  }

  @Override
  public String name() {
    return "replay";
  }

  @Override
  public PreparedRun<ReplayRunRecord> prepare(RunKey key, ReplayRequest request) {
    return new PreparedRun<>() {
      @Override
      public Optional<ReplayRunRecord> recorded() {
        return Optional.empty();
      }

      @Override
      public void run() {
        try {
          runner.run(request);
        } catch (ReplayPlanException e) {
          LOG.warn("ReplayPlan/{}: {}", key.owner(), e.getMessage());
        }
      }
    };
  }

  @Override
  public RunLedger<ReplayRunRecord> ledger() {
    return runner.store().ledger();
  }

  /** A replay records only its end: nothing a dead process left is unfinished. */
  @Override
  public boolean recover(RunKey key) {
    return false;
  }
}
