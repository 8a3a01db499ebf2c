package dev.bulwark.core.jobs;

import dev.bulwark.core.runs.InProcessRunExecutor;
import dev.bulwark.core.runs.PreparedRun;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunKind;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.runs.RunService;
import dev.bulwark.engine.progress.ProgressListener;
import java.time.Duration;
import java.util.Optional;

/**
 * Backup jobs as a kind of run: a job is recorded as pending on the caller's thread ({@link
 * BackupJobRunner#enqueue}), so a runtime shows it (and starts no second one) before a thread is
 * free, then run by {@link BackupJobRunner#run}; abandoned jobs are ended as canceled by {@link
 * BackupJobRunner#recover}. A shutdown cancels running jobs, which end as canceled with their
 * leftovers cleaned, and waits for them to record it.
 */
public final class JobRuns implements RunKind<JobRequest, JobRecord> {
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final BackupJobRunner runner;

  /** Jobs done by {@code runner}. */
  public JobRuns(BackupJobRunner runner) {
    this.runner = runner;
  }

  /**
   * Jobs run in this process on at most {@code threads} threads (of different policies at once),
   * with the history controllers read.
   */
  public static RunService<JobRequest, JobRecord, JobLedger> inProcess(
      BackupJobRunner runner, int threads) {
    return new RunService<>(
        new InProcessRunExecutor<>(new JobRuns(runner), threads, SHUTDOWN_WAIT),
        JobLedger.of(runner.store()));
  }

  @Override
  public String name() {
    return "job";
  }

  @Override
  public PreparedRun<JobRecord> prepare(RunKey key, JobRequest request) {
    JobRecord pending = runner.enqueue(request.policy(), key.namespace(), request.order());
    JobControl control = new JobControl();
    return new PreparedRun<>() {
      @Override
      public Optional<JobRecord> recorded() {
        return Optional.of(pending);
      }

      @Override
      public void run() {
        runner.run(request.policy(), pending, request.order(), ProgressListener.NONE, control);
      }

      @Override
      public void cancel(String why) {
        control.cancel(why);
      }
    };
  }

  @Override
  public RunLedger<JobRecord> ledger() {
    return runner.store().runs();
  }

  @Override
  public boolean recover(RunKey key) {
    return runner.recover(key.namespace(), key.owner());
  }
}
