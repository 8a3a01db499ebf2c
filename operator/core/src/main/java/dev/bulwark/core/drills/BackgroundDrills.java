package dev.bulwark.core.drills;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.core.RunsByKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DrillExecutor} of both runtimes: drills run on a small thread pool through a {@link
 * DrillRunner}, at most one run per drill here (the run lock covers other processes), and the
 * ledger reads the runner's {@link DrillStore}.
 */
public final class BackgroundDrills implements DrillExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundDrills.class);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);
  private static final String ACTOR = "controller";

  private final DrillRunner runner;
  private final RunsByKey runs;

  /** An executor running at most {@code threads} drills (of different RestoreDrills) at once. */
  public BackgroundDrills(DrillRunner runner, int threads) {
    this.runner = runner;
    this.runs = new RunsByKey("drill", threads, SHUTDOWN_WAIT);
  }

  /**
   * The runner's history. A run still recorded as running that this executor is not running was
   * left by a process that died: it is ended as failed ("interrupted") first, when no live run
   * holds the drill's lock, so it never blocks the drill's cadence.
   */
  @Override
  public DrillLedger ledger() {
    return new DrillLedger() {
      @Override
      public List<DrillRecord> recent(Optional<String> namespace, String drill) {
        List<DrillRecord> recent = runner.store().recent(namespace, drill, DrillLedger.WINDOW);
        boolean unfinished = recent.stream().anyMatch(r -> !r.finished());
        if (unfinished && !isActive(namespace, drill) && runner.recover(namespace, drill)) {
          return runner.store().recent(namespace, drill, DrillLedger.WINDOW);
        }
        return recent;
      }

      @Override
      public Optional<Instant> policyProvenAt(Optional<String> namespace, String policy) {
        return runner.store().provenAt(namespace, policy);
      }
    };
  }

  @Override
  public Optional<DrillRecord> submit(
      RestoreDrill drill,
      BackupPolicy policy,
      Optional<String> namespace,
      String trigger,
      Runnable onFinished) {
    String name = drill.getMetadata().getName();
    AtomicReference<DrillRecord> running = new AtomicReference<>();
    try {
      boolean started =
          runs.start(
              RunsByKey.key(namespace, name),
              () -> {
                running.set(runner.begin(drill, policy, namespace, trigger, ACTOR));
                return () -> runner.run(drill, policy, running.get());
              },
              onFinished);
      return started ? Optional.of(running.get()) : Optional.empty();
    } catch (RuntimeException e) {
      LOG.error("RestoreDrill/{}: cannot record a new run: {}", name, e.getMessage());
      return Optional.empty();
    }
  }

  /** Whether a run of that drill is active in this process. */
  public boolean isActive(Optional<String> namespace, String drill) {
    return runs.isActive(RunsByKey.key(namespace, drill));
  }

  /**
   * Takes no new runs and waits briefly; runs still going then are interrupted (they record a
   * failure).
   */
  @Override
  public void close() {
    runs.close();
  }
}
