package dev.bulwark.kubernetes.jobs;

import dev.bulwark.api.common.Resource;
import dev.bulwark.core.Environment;
import dev.bulwark.core.handoff.BackupHandoff;
import dev.bulwark.core.handoff.HandoffException;
import dev.bulwark.core.handoff.RunResults;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.FailureKind;
import dev.bulwark.core.jobs.JobDeadline;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobRequest;
import dev.bulwark.core.jobs.JobState;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.schedule.InvalidScheduleException;
import java.time.Clock;
import java.time.Duration;

/**
 * Backup jobs as Jobs: the operator's {@link BackupJobRunner} records the job (pending, started,
 * ended, with its audit lines), the pod runs {@code bulwark execute backup} on the policy as {@link
 * PodPolicy} rewrites it, and reports its final record.
 */
final class BackupPodRuns implements PodRunKind<JobRequest, JobRecord> {
  /** Beyond the policy's own deadline, which the pod enforces: Kubernetes' backstop. */
  private static final Duration BACKSTOP = Duration.ofMinutes(10);

  private final BackupJobRunner runner;
  private final Environment environment;
  private final Clock clock;

  BackupPodRuns(BackupJobRunner runner, Environment environment, Clock clock) {
    this.runner = runner;
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "backup";
  }

  @Override
  public JobRecord prepare(RunKey key, JobRequest request) {
    return runner.enqueue(request.policy(), key.namespace(), request.order());
  }

  @Override
  public Resource<?, ?> owner(JobRequest request) {
    return request.policy();
  }

  @Override
  public PodRun podRun(RunKey key, JobRequest request, JobRecord record) throws PodSpecException {
    PodPolicy pod = PodPolicy.of(request.policy(), environment);
    return new PodRun(
        new BackupHandoff(pod.policy(), key.namespace(), record, request.order()).toJson(), pod);
  }

  @Override
  public Duration deadline(JobRequest request) {
    try {
      return JobDeadline.of(request.policy()).plus(BACKSTOP);
    } catch (InvalidScheduleException e) {
      return JobDeadline.DEFAULT.plus(BACKSTOP);
    }
  }

  @Override
  public void started(JobRequest request, JobRecord record, String jobName) {
    runner.recordStart(record, "job/" + record.namespace() + "/" + jobName);
  }

  @Override
  public JobRecord ended(JobRequest request, JobRecord record, String message)
      throws HandoffException {
    JobRecord reported = RunResults.job(message);
    if (!reported.jobId().equals(record.jobId()) || !reported.policy().equals(record.policy())) {
      throw new HandoffException(
          "the termination message",
          "job_id",
          "the report is of job "
              + reported.jobId()
              + " of "
              + reported.policy()
              + ", not of "
              + record.jobId());
    }
    if (!reported.finished()) {
      throw new HandoffException(
          "the termination message",
          "state",
          "the report of job " + record.jobId() + " says it has not ended");
    }
    return runner.recordEnd(request.policy(), reported).record();
  }

  @Override
  public JobRecord lost(JobRequest request, JobRecord record, String why, boolean canceled) {
    JobRecord ended =
        canceled
            ? record.ended(JobState.CANCELED, FailureKind.INTERRUPTED, why, clock.instant())
            : record.ended(JobState.FAILED, FailureKind.SETUP, why, clock.instant());
    return runner.recordEnd(request.policy(), ended).record();
  }

  @Override
  public Adopted<JobRequest, JobRecord> adopt(String handoff) throws HandoffException {
    BackupHandoff run = BackupHandoff.fromJson(handoff);
    return new Adopted<>(new JobRequest(run.policy(), run.order()), run.pending());
  }

  @Override
  public void remember(JobRecord record) {
    runner.store().write(record);
  }

  @Override
  public RunLedger<JobRecord> ledger() {
    return runner.store().runs();
  }
}
