package dev.bulwark.core.replay;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.replay.ReplayMode;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.core.RunsByKey;
import dev.bulwark.core.jobs.JobOrder;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the replays the ReplayPlan controller asks for (once per spec generation) in the background,
 * one at a time per plan, in the plan's own mode: a dry-run plan writes its plan records, an apply
 * plan publishes partitions. The run records it writes are the controller's ledger.
 */
public final class ReplayExecutor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayExecutor.class);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final ReplayRunner runner;
  private final RunsByKey runs = new RunsByKey("replay", 1, SHUTDOWN_WAIT);

  /** An executor of {@code runner}'s runs. */
  public ReplayExecutor(ReplayRunner runner) {
    this.runner = runner;
  }

  /** The run records the controller reads. */
  public ReplayLedger ledger() {
    return runner.store();
  }

  /**
   * Starts the run of {@code plan}'s spec generation {@code generation} unless one is active here.
   *
   * @param policy the plan's BackupPolicy, when it names one (inputs from a snapshot)
   * @return false when a run of the plan is active or the executor is closed
   */
  public boolean submit(
      ReplayPlan plan,
      Optional<BackupPolicy> policy,
      Optional<String> namespace,
      long generation,
      Runnable onFinished) {
    ReplayAction action =
        plan.getSpec().getMode() == ReplayMode.APPLY ? ReplayAction.APPLY : ReplayAction.DRY_RUN;
    ReplayRequest request =
        new ReplayRequest(
            plan,
            policy,
            action,
            Optional.empty(),
            Optional.empty(),
            Optional.of(generation),
            "controller",
            JobOrder.CONTROLLER);
    String key = RunsByKey.key(namespace, plan.getRef().name());
    return runs.start(
        key,
        () ->
            () -> {
              try {
                runner.run(request);
              } catch (ReplayPlanException e) {
                LOG.warn("ReplayPlan/{}: {}", plan.getRef().name(), e.getMessage());
              }
            },
        onFinished);
  }

  /** Takes no more runs and waits for the running one to end. */
  @Override
  public void close() {
    runs.close();
  }
}
