package dev.bulwark.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.schedule.CronSchedule;
import dev.bulwark.engine.format.SnapshotType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupCadenceTest {
  private static final String POLICY = "teaching-data";
  private final BackupCadence utc =
      new BackupCadence(
          CronSchedule.parse("*/5 * * * *", ZoneId.of("UTC")),
          CronSchedule.parse("0 2 * * *", ZoneId.of("UTC")));

  private static Instant at(String time) {
    return Instant.parse(time);
  }

  /** Newest first, as the ledger gives them. */
  private static List<JobRecord> history(JobRecord... oldestFirst) {
    List<JobRecord> list = new ArrayList<>(List.of(oldestFirst));
    java.util.Collections.reverse(list);
    return list;
  }

  @Test
  void aNewPolicyStartsWithAFull() {
    CadencePlan plan = utc.plan(List.of(), at("2026-11-28T10:02:00Z"));

    assertThat(plan.startNow()).contains(JobOrder.scheduled(SnapshotType.FULL, 1));
    assertThat(plan.nextIncremental()).isEqualTo(at("2026-11-28T10:05:00Z"));
    assertThat(plan.nextFull()).isEqualTo(at("2026-11-29T02:00:00Z"));
  }

  @Test
  void anIncrementalIsDueOnceItsScheduleFiredAfterTheLastJob() {
    List<JobRecord> jobs =
        history(JobRecords.succeeded(POLICY, "full", at("2026-11-28T10:00:00Z")));

    assertThat(utc.plan(jobs, at("2026-11-28T10:04:59Z")).startNow()).isEmpty();
    assertThat(utc.plan(jobs, at("2026-11-28T10:04:59Z")).wakeUp())
        .isEqualTo(at("2026-11-28T10:05:00Z"));
    assertThat(utc.plan(jobs, at("2026-11-28T10:05:00Z")).startNow())
        .contains(JobOrder.scheduled(SnapshotType.INCREMENTAL, 1));
  }

  @Test
  void afterDowntimeAMissedRunIsCaughtUpOnceNotInABurst() {
    List<JobRecord> jobs =
        new ArrayList<>(history(JobRecords.succeeded(POLICY, "full", at("2026-11-28T02:00:00Z"))));
    Instant afterOutage = at("2026-11-28T09:47:10Z"); // 93 fires were missed

    CadencePlan plan = utc.plan(jobs, afterOutage);
    assertThat(plan.startNow()).contains(JobOrder.scheduled(SnapshotType.INCREMENTAL, 1));

    jobs.add(0, JobRecords.succeeded(POLICY, "incremental", afterOutage));
    CadencePlan next = utc.plan(jobs, afterOutage.plusSeconds(30));
    assertThat(next.startNow()).isEmpty();
    assertThat(next.wakeUp()).isEqualTo(at("2026-11-28T09:50:00Z"));
  }

  @Test
  void aFullDueWhileAnIncrementalRunsWaitsForIt() {
    List<JobRecord> jobs =
        new ArrayList<>(
            history(
                JobRecords.succeeded(POLICY, "full", at("2026-11-27T02:00:00Z")),
                JobRecords.running(
                    POLICY, "incremental", JobTrigger.SCHEDULE, 1, at("2026-11-28T01:59:30Z"))));

    CadencePlan whileRunning = utc.plan(jobs, at("2026-11-28T02:00:05Z"));
    assertThat(whileRunning.startNow()).isEmpty();
    assertThat(whileRunning.wakeUp()).isEqualTo(at("2026-11-28T02:00:20Z"));

    jobs.set(0, JobRecords.succeeded(POLICY, "incremental", at("2026-11-28T01:59:30Z")));
    assertThat(utc.plan(jobs, at("2026-11-28T02:00:25Z")).startNow())
        .contains(JobOrder.scheduled(SnapshotType.FULL, 1));
  }

  @Test
  void aFailedScheduledJobIsRetriedWithExponentialBackoffUpToThreeAttempts() {
    Instant began = at("2026-11-28T10:05:00Z"); // the failure ends at 10:05:20
    List<JobRecord> jobs =
        new ArrayList<>(
            history(
                JobRecords.succeeded(POLICY, "full", at("2026-11-28T02:00:00Z")),
                JobRecords.failed(POLICY, "incremental", 1, FailureKind.TARGET, began)));

    CadencePlan waiting = utc.plan(jobs, at("2026-11-28T10:05:30Z"));
    assertThat(waiting.startNow()).isEmpty();
    assertThat(waiting.retryAt()).contains(at("2026-11-28T10:05:50Z"));
    assertThat(waiting.wakeUp()).isEqualTo(at("2026-11-28T10:05:50Z"));
    assertThat(utc.plan(jobs, at("2026-11-28T10:05:50Z")).startNow())
        .contains(JobOrder.retry(SnapshotType.INCREMENTAL, 2, jobs.get(0).jobId()));

    jobs.add(
        0,
        JobRecords.failed(
            POLICY, "incremental", 2, FailureKind.TARGET, at("2026-11-28T10:05:50Z")));
    assertThat(utc.plan(jobs, at("2026-11-28T10:06:00Z")).retryAt())
        .contains(at("2026-11-28T10:07:10Z"));

    jobs.add(
        0,
        JobRecords.failed(
            POLICY, "incremental", 3, FailureKind.TARGET, at("2026-11-28T10:07:10Z")));
    CadencePlan givenUp = utc.plan(jobs, at("2026-11-28T10:08:00Z"));
    assertThat(givenUp.startNow()).isEmpty();
    assertThat(givenUp.retryAt()).isEmpty();
    assertThat(givenUp.wakeUp()).isEqualTo(at("2026-11-28T10:10:00Z"));
    assertThat(utc.plan(jobs, at("2026-11-28T10:10:00Z")).startNow())
        .contains(JobOrder.scheduled(SnapshotType.INCREMENTAL, 1));
  }

  @Test
  void retriesRunToTheirEndWhateverTheIncrementalCadence() {
    BackupCadence everyMinute =
        new BackupCadence(
            CronSchedule.parse("* * * * *", ZoneId.of("UTC")),
            CronSchedule.parse("0 2 * * *", ZoneId.of("UTC")));
    List<JobRecord> jobs =
        new ArrayList<>(
            history(
                JobRecords.succeeded(POLICY, "full", at("2026-11-28T02:00:00Z")),
                JobRecords.failed(
                    POLICY, "incremental", 1, FailureKind.TARGET, at("2026-11-28T10:00:00Z"))));

    // The failure (10:00:20) starts nothing at once: a failure never fires a second job in one
    // tick.
    assertThat(everyMinute.plan(jobs, at("2026-11-28T10:00:20Z")).startNow()).isEmpty();
    assertThat(everyMinute.plan(jobs, at("2026-11-28T10:00:50Z")).startNow())
        .contains(JobOrder.retry(SnapshotType.INCREMENTAL, 2, jobs.get(0).jobId()));
    jobs.add(
        0,
        JobRecords.failed(
            POLICY, "incremental", 2, FailureKind.TARGET, at("2026-11-28T10:00:50Z")));

    // Fires at 10:01 and 10:02 come before the second retry (10:02:10): they wait for it.
    CadencePlan atTheNextFire = everyMinute.plan(jobs, at("2026-11-28T10:01:00Z"));
    assertThat(atTheNextFire.startNow()).isEmpty();
    assertThat(atTheNextFire.retryAt()).contains(at("2026-11-28T10:02:10Z"));
    assertThat(everyMinute.plan(jobs, at("2026-11-28T10:02:00Z")).startNow()).isEmpty();
    assertThat(everyMinute.plan(jobs, at("2026-11-28T10:02:10Z")).startNow())
        .contains(JobOrder.retry(SnapshotType.INCREMENTAL, 3, jobs.get(0).jobId()));
  }

  @Test
  void aFullThatFallsDueDuringRetriesTakesTheNextAttemptsPlace() {
    List<JobRecord> jobs =
        history(
            JobRecords.succeeded(POLICY, "full", at("2026-11-27T02:00:00Z")),
            JobRecords.failed(
                POLICY, "incremental", 1, FailureKind.TARGET, at("2026-11-28T01:59:50Z")));

    CadencePlan plan = utc.plan(jobs, at("2026-11-28T02:00:10Z"));

    assertThat(plan.startNow()).contains(JobOrder.retry(SnapshotType.FULL, 2, jobs.get(0).jobId()));
  }

  @Test
  void aLongHistoryWithoutAFullInItsNewestRecordsMakesNoFullDue() {
    List<JobRecord> jobs = new ArrayList<>();
    jobs.add(JobRecords.succeeded(POLICY, "full", at("2026-11-28T02:00:00Z")));
    Instant began = at("2026-11-28T02:05:00Z");
    for (int i = 0; i < 250; i++, began = began.plusSeconds(300)) {
      jobs.add(JobRecords.succeeded(POLICY, "incremental", began));
    }
    HistoryFacts facts = HistoryFacts.of(jobs);

    CadencePlan plan = utc.plan(facts, false, began);

    assertThat(plan.startNow()).contains(JobOrder.scheduled(SnapshotType.INCREMENTAL, 1));
    assertThat(utc.plan(facts, false, at("2026-11-29T02:00:00Z")).startNow())
        .contains(JobOrder.scheduled(SnapshotType.FULL, 1));
  }

  @Test
  void aCanceledJobDoesNotCountSoItsRunIsTakenAgain() {
    List<JobRecord> jobs =
        history(
            JobRecords.succeeded(POLICY, "full", at("2026-11-27T02:00:00Z")),
            JobRecords.succeeded(POLICY, "incremental", at("2026-11-28T01:55:00Z")),
            JobRecords.canceled(POLICY, "full", at("2026-11-28T02:00:00Z")));

    assertThat(utc.plan(jobs, at("2026-11-28T02:01:00Z")).startNow())
        .contains(JobOrder.scheduled(SnapshotType.FULL, 1));
  }

  @Test
  void manualFailuresAreNotRetriedByTheSchedule() {
    JobRecord manual =
        new JobRecord(
            "20261128T100600Z-abcdef",
            POLICY,
            null,
            "full",
            null,
            "local",
            JobTrigger.MANUAL,
            "cli:ops",
            1,
            JobState.FAILED,
            at("2026-11-28T10:06:00Z"),
            at("2026-11-28T10:06:00Z"),
            at("2026-11-28T10:06:10Z"),
            null,
            null,
            null,
            List.of(),
            "boom",
            FailureKind.BACKUP,
            "h",
            1L);
    List<JobRecord> jobs =
        history(JobRecords.succeeded(POLICY, "full", at("2026-11-28T02:00:00Z")), manual);

    CadencePlan plan = utc.plan(jobs, at("2026-11-28T10:07:00Z"));
    assertThat(plan.startNow()).isEmpty();
    assertThat(plan.retryAt()).isEqualTo(Optional.empty());
  }

  @Test
  void followsThePolicyTimeZoneAcrossTheDaylightSavingGap() {
    BackupCadence berlin =
        new BackupCadence(
            CronSchedule.parse("0 * * * *", ZoneId.of("Europe/Berlin")),
            CronSchedule.parse("30 2 * * *", ZoneId.of("Europe/Berlin")));
    List<JobRecord> jobs =
        history(JobRecords.succeeded(POLICY, "full", at("2026-03-28T01:30:00Z")));

    CadencePlan plan = berlin.plan(jobs, at("2026-03-29T00:10:00Z")); // 01:10 CET
    // 02:30 does not exist on 29 March: the full runs right after the gap, at 03:00 CEST (01:00Z)
    assertThat(plan.nextFull()).isEqualTo(at("2026-03-29T01:00:00Z"));
    assertThat(berlin.plan(jobs, at("2026-03-29T01:00:00Z")).startNow())
        .contains(JobOrder.scheduled(SnapshotType.FULL, 1));
  }

  @Test
  void theIntervalIsTheGapBetweenTwoIncrementalFires() {
    assertThat(utc.incrementalInterval(at("2026-11-28T10:02:00Z"))).hasMinutes(5);
  }
}
