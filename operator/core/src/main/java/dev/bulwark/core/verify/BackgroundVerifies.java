package dev.bulwark.core.verify;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.core.RunsByKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link VerifyExecutor} of both runtimes: verifies run on a small thread pool through a {@link
 * VerifyRunner}, at most one per policy here (the verify lock covers other processes), and the
 * ledger reads the runner's {@link VerifyStore}.
 */
public final class BackgroundVerifies implements VerifyExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundVerifies.class);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);
  private static final String ACTOR = "controller";

  private final VerifyRunner runner;
  private final RunsByKey runs;

  /** An executor running at most {@code threads} verifies (of different policies) at once. */
  public BackgroundVerifies(VerifyRunner runner, int threads) {
    this.runner = runner;
    this.runs = new RunsByKey("verify", threads, SHUTDOWN_WAIT);
  }

  /**
   * The runner's history. A run still recorded as running that this executor is not running was
   * left by a process that died: it is ended as failed first, so it never blocks the schedule.
   */
  @Override
  public VerifyLedger ledger() {
    return (namespace, policy) -> {
      List<VerifyRecord> recent = runner.store().recent(namespace, policy, VerifyLedger.WINDOW);
      boolean unfinished = recent.stream().anyMatch(r -> !r.finished());
      if (unfinished
          && !runs.isActive(RunsByKey.key(namespace, policy))
          && runner.recover(namespace, policy)) {
        return runner.store().recent(namespace, policy, VerifyLedger.WINDOW);
      }
      return recent;
    };
  }

  @Override
  public Optional<VerifyRecord> submit(
      BackupPolicy policy, Optional<String> namespace, String trigger, Runnable onFinished) {
    String name = policy.getRef().name();
    AtomicReference<VerifyRecord> running = new AtomicReference<>();
    try {
      boolean started =
          runs.start(
              RunsByKey.key(namespace, name),
              () -> {
                running.set(runner.begin(policy, namespace, trigger, ACTOR));
                return () -> runner.run(policy, running.get());
              },
              onFinished);
      return started ? Optional.of(running.get()) : Optional.empty();
    } catch (RuntimeException e) {
      LOG.error("BackupPolicy/{}: cannot record a new verify run: {}", name, e.getMessage());
      return Optional.empty();
    }
  }

  /** Takes no new runs and waits briefly; runs still going then are interrupted. */
  @Override
  public void close() {
    runs.close();
  }
}
