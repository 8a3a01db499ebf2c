package dev.bulwark.core.jobs;

import dev.bulwark.engine.format.JobId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Job records for controller and cadence tests: each began at a given time and took 20 s. */
public final class JobRecords {
  private static final Duration TOOK = Duration.ofSeconds(20);

  private JobRecords() {}

  /** A scheduled job of {@code type} that succeeded. */
  public static JobRecord succeeded(String policy, String type, Instant began) {
    return running(policy, type, JobTrigger.SCHEDULE, 1, began)
        .succeeded(type, began.plus(TOOK), 10, 1000, 1000);
  }

  /** A job that failed (on its target when {@code kind} is TARGET). */
  public static JobRecord failed(
      String policy, String type, int attempt, FailureKind kind, Instant began) {
    return running(policy, type, JobTrigger.SCHEDULE, attempt, began)
        .ended(JobState.FAILED, kind, "target local: disk unplugged", began.plus(TOOK));
  }

  /** A job canceled by a shutdown. */
  public static JobRecord canceled(String policy, String type, Instant began) {
    return running(policy, type, JobTrigger.SCHEDULE, 1, began)
        .ended(
            JobState.CANCELED,
            FailureKind.INTERRUPTED,
            "canceled: the operator is shutting down",
            began.plus(TOOK));
  }

  /** A job still running. */
  public static JobRecord running(
      String policy, String type, JobTrigger trigger, int attempt, Instant began) {
    return new JobRecord(
            JobId.generate(began),
            policy,
            null,
            type,
            null,
            null,
            trigger,
            JobOrder.CONTROLLER,
            attempt,
            JobState.PENDING,
            began,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            null,
            null,
            "test-host",
            1L)
        .running("local", began);
  }
}
