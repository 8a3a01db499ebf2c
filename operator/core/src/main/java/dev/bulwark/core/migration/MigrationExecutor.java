package dev.bulwark.core.migration;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.core.RunsByKey;
import dev.bulwark.core.jobs.JobOrder;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs the migrations controllers ask for on one background thread, so reconciling never waits for
 * a run; at most one run per plan is active here (the run lock covers other processes). A run is
 * not interruptible halfway: {@link #close} waits for it, and a run cut short by the process ending
 * is rolled back by the plan's next run through its journal.
 */
public final class MigrationExecutor implements AutoCloseable {
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final MigrationRunner runner;
  private final Clock clock;
  private final RunsByKey runs;

  /** An executor of {@code runner}'s runs. */
  public MigrationExecutor(MigrationRunner runner, Clock clock) {
    this.runner = runner;
    this.clock = clock;
    this.runs = new RunsByKey("migration", 1, SHUTDOWN_WAIT);
  }

  /**
   * The run history the MigrationPlan controller reads. A record still running that no thread here
   * runs, written by this very process, belongs to a run whose thread died: it reads as
   * interrupted.
   */
  public MigrationLedger ledger() {
    MigrationStore store = runner.store();
    return (namespace, plan) ->
        store
            .latest(namespace, plan)
            .map(
                record -> {
                  boolean ours =
                      record.pid() != null && record.pid() == ProcessHandle.current().pid();
                  if (!record.finished() && ours && !isActive(namespace, plan)) {
                    return record.interruptedAt(clock.instant());
                  }
                  return record;
                });
  }

  /**
   * Starts a run of {@code plan} for spec generation {@code generation} unless one is active here.
   *
   * @param onFinished runs after the run ended (e.g. to reconcile the plan again)
   * @return false when a run of the plan is active or the executor is closed
   */
  public boolean submit(
      MigrationPlan plan,
      BackupPolicy policy,
      Optional<String> namespace,
      long generation,
      Runnable onFinished) {
    MigrationRequest request =
        new MigrationRequest(
            plan,
            policy,
            namespace,
            false,
            "controller",
            JobOrder.CONTROLLER,
            Optional.of(generation));
    return runs.start(
        key(namespace, plan.getRef().name()), () -> () -> runner.run(request), onFinished);
  }

  /** Whether a run of that plan is active in this process. */
  public boolean isActive(Optional<String> namespace, String plan) {
    return runs.isActive(key(namespace, plan));
  }

  /**
   * Takes no more runs and waits for the running one to end; one still going after the wait is
   * interrupted, and its journal lets the plan's next run roll it back.
   */
  @Override
  public void close() {
    runs.close();
  }

  private static String key(Optional<String> namespace, String plan) {
    return RunsByKey.key(namespace, plan);
  }
}
