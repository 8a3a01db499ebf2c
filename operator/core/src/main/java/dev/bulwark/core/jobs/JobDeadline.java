package dev.bulwark.core.jobs;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.Timeouts;
import dev.bulwark.core.schedule.Durations;
import dev.bulwark.core.schedule.InvalidScheduleException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The policy-level deadline of a backup job ({@code spec.timeouts.job}): once it passes, the job is
 * stopped through its {@link JobControl} and ends as failed with failure kind deadline. The default
 * fits a 100 GB full with a wide margin (R25 asks for 90 minutes).
 */
public final class JobDeadline implements AutoCloseable {
  /** The deadline of a policy that sets none. */
  public static final Duration DEFAULT = Duration.ofHours(6);

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bulwark-job-deadline");
            t.setDaemon(true);
            return t;
          });

  private final ScheduledFuture<?> expiry;

  private JobDeadline(ScheduledFuture<?> expiry) {
    this.expiry = expiry;
  }

  /**
   * The deadline {@code policy} sets, or {@link #DEFAULT}.
   *
   * @throws InvalidScheduleException when {@code spec.timeouts.job} is not a positive duration
   */
  public static Duration of(BackupPolicy policy) {
    Timeouts timeouts = policy.getSpec() == null ? null : policy.getSpec().getTimeouts();
    String text = timeouts == null ? null : timeouts.getJob();
    return text == null ? DEFAULT : parse(text);
  }

  /**
   * Reads a job deadline as written in a spec.
   *
   * @throws InvalidScheduleException when it is not a duration, or not positive
   */
  public static Duration parse(String text) {
    Duration deadline = Durations.parse(text);
    if (deadline.isZero()) {
      throw new InvalidScheduleException(
          "'" + text + "' would stop every job at once; expected a duration > 0 such as 6h");
    }
    return deadline;
  }

  /** Expires {@code control} with "deadline of {@code shown} exceeded" after {@code deadline}. */
  static JobDeadline start(Duration deadline, String shown, JobControl control) {
    String why = "deadline of " + shown + " exceeded";
    return new JobDeadline(
        TIMER.schedule(() -> control.expire(why), deadline.toNanos(), TimeUnit.NANOSECONDS));
  }

  /** Disarms the deadline: the job ended, or reached the point where it is not stopped any more. */
  @Override
  public void close() {
    expiry.cancel(false);
  }
}
