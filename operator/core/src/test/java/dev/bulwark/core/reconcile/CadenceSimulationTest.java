package dev.bulwark.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.gate.DrillFacts;
import dev.bulwark.core.gate.GateDecision;
import dev.bulwark.core.gate.GateInputs;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.gate.ReleaseGate;
import dev.bulwark.core.gate.StatusFacts;
import dev.bulwark.core.jobs.FailureKind;
import dev.bulwark.core.jobs.JobLedger;
import dev.bulwark.core.jobs.JobOrder;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobState;
import dev.bulwark.core.jobs.JobStore;
import dev.bulwark.core.reconcile.ReconcileContext.Runtime;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.engine.format.JobId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Days of the default cadence (an incremental every 5 minutes, a full at 02:00 UTC) simulated with
 * a test clock: the real controller over the real job store, with jobs that take 20 seconds and a
 * target that is down now and then. The acceptance of issue 18: exactly one full per day, at 02:00,
 * however long the history; retries run to their end; and the gate stays blocked for 24 hours after
 * any failure however many jobs follow, also across restarts of the ledger.
 */
class CadenceSimulationTest {
  private static final Duration JOB_TAKES = Duration.ofSeconds(20);
  private static final Instant START = Instant.parse("2026-03-01T02:00:00Z");

  @TempDir Path state;

  private final BackupPolicyController controller =
      new BackupPolicyController(Environment.of(Map.of()));
  private final BackupPolicy policy = TestingResources.backupPolicy("teaching-data");
  private JobStore store;
  private JobLedger ledger;
  private Instant now = START;
  private Instant nextReconcile = START;
  private JobRecord active;
  private final List<JobRecord> finished = new ArrayList<>();
  private final List<Instant> blockedAt = new ArrayList<>();
  private final List<Instant> openAt = new ArrayList<>();

  @Test
  void aWeekAtTheDefaultCadenceTakesOneFullADayAt2AndTheGateRemembersEveryFailure()
      throws IOException {
    restartLedger();
    // The target is down on day 4 from 10:00 to 10:02 (the first attempt and its first retry fail),
    // from 23:58:30 to 00:01 (a failure right after midnight), and on day 7 from 01:59:30 to
    // 02:00:40 (the full fails once and is retried).
    BiPredicate<Instant, Integer> targetDown =
        (began, attempt) ->
            within(began, "2026-03-04T10:00:00Z", "2026-03-04T10:02:00Z")
                || within(began, "2026-03-04T23:58:30Z", "2026-03-05T00:01:00Z")
                || within(began, "2026-03-07T01:59:30Z", "2026-03-07T02:00:40Z");

    run(Instant.parse("2026-03-03T02:00:00Z"), targetDown);
    restartLedger(); // a new process over the same state directory
    run(Instant.parse("2026-03-05T20:00:00Z"), targetDown);
    // Only the job records survive, and the newest 200 of them no longer reach back to the last
    // full (02:00) nor to the failure (00:00): the ledger starts again from the records, the status
    // keeps what they no longer hold.
    loseSummaries();
    restartLedger();
    run(Instant.parse("2026-03-08T02:00:00Z"), targetDown);

    List<JobRecord> fulls =
        finished.stream().filter(r -> "full".equals(r.requestedType())).toList();
    Map<LocalDate, List<Instant>> fullsByDay = new TreeMap<>();
    fulls.forEach(
        r -> fullsByDay.computeIfAbsent(day(r.beganAt()), d -> new ArrayList<>()).add(r.beganAt()));
    for (JobRecord full : fulls) {
      assertThat(full.beganAt().atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay())
          .as("full %s began at 02:00 (or in its retries right after)", full.jobId())
          .isBetween(2 * 3600, 2 * 3600 + 120);
    }
    for (Map.Entry<LocalDate, List<Instant>> day : fullsByDay.entrySet()) {
      long succeeded =
          finished.stream()
              .filter(
                  r ->
                      "full".equals(r.requestedType())
                          && r.state() == JobState.SUCCESS
                          && day(r.beganAt()).equals(day.getKey()))
              .count();
      assertThat(succeeded)
          .as("successful fulls on %s (started %s)", day.getKey(), day.getValue())
          .isEqualTo(1);
    }
    assertThat(fullsByDay).hasSize(7); // 1 March 02:00 (the first job) to 7 March 02:00

    // Retries: the failure at 10:00 on day 4 was retried until it succeeded, before the next fire.
    List<JobRecord> day4 =
        finished.stream()
            .filter(r -> within(r.beganAt(), "2026-03-04T10:00:00Z", "2026-03-04T10:05:00Z"))
            .toList();
    assertThat(day4).extracting(JobRecord::attempt).containsExactly(1, 2, 3);
    assertThat(day4)
        .extracting(JobRecord::retryOf)
        .containsExactly(null, day4.get(0).jobId(), day4.get(1).jobId());
    assertThat(day4)
        .extracting(JobRecord::state)
        .containsExactly(JobState.FAILED, JobState.FAILED, JobState.SUCCESS);
    // At most one scheduled job per fire: no two first attempts within one 5-minute slot.
    assertThat(
            finished.stream()
                .filter(r -> r.attempt() == 1)
                .map(r -> slot(r.beganAt()))
                .distinct()
                .count())
        .isEqualTo(finished.stream().filter(r -> r.attempt() == 1).count());

    // The gate: blocked from each failure until 24 h after the last one, open otherwise.
    List<Instant> failures =
        finished.stream()
            .filter(r -> r.state() == JobState.FAILED)
            .map(JobRecord::finishedAt)
            .toList();
    assertThat(failures).isNotEmpty();
    for (Instant at : openAt) {
      assertThat(failures.stream().anyMatch(f -> withinDayAfter(f, at)))
          .as("the gate was open at %s, within 24 h of a failure", at)
          .isFalse();
    }
    for (Instant at : blockedAt) {
      assertThat(
              failures.stream().anyMatch(f -> withinDayAfter(f, at))
                  || at.isBefore(START.plus(Duration.ofMinutes(1))))
          .as("the gate was blocked at %s without a failure in the 24 h before", at)
          .isTrue();
    }
    assertThat(openAt).isNotEmpty();
    assertThat(
            blockedAt.stream()
                .filter(
                    at ->
                        at.isAfter(Instant.parse("2026-03-05T09:00:00Z"))
                            && at.isBefore(Instant.parse("2026-03-05T10:00:00Z"))))
        .as("blocked 23 h after the failure, ~276 jobs later")
        .isNotEmpty();
    assertThat(
            blockedAt.stream()
                .filter(
                    at ->
                        at.isAfter(Instant.parse("2026-03-05T23:00:00Z"))
                            && at.isBefore(Instant.parse("2026-03-06T00:00:00Z"))))
        .as("blocked after the ledger lost its summary")
        .isNotEmpty();
    assertThat(policy.getStatus().getIncrementalSuccess24h().getFailed()).isEqualTo(0);
    assertThat(policy.getStatus().getIncrementalSuccess24h().getSucceeded()).isBetween(280, 288);
  }

  /**
   * Runs the runtime's loop until {@code until}: reconcile when asked, finish jobs when they end.
   */
  private void run(Instant until, BiPredicate<Instant, Integer> targetDown) {
    while (now.isBefore(until)) {
      Instant jobEnds = active == null ? Instant.MAX : active.beganAt().plus(JOB_TAKES);
      if (!jobEnds.isAfter(nextReconcile)) {
        now = jobEnds;
        boolean fails = targetDown.test(active.beganAt(), active.attempt());
        JobRecord ended =
            fails
                ? active.ended(
                    JobState.FAILED, FailureKind.TARGET, "target local: disk unplugged", now)
                : active.succeeded(active.requestedType(), now, 10, 1000, 1000);
        store.write(ended);
        store.trim(Optional.empty(), ended.policy());
        finished.add(ended);
        active = null;
        reconcile(); // the executor's onFinished
      } else {
        now = nextReconcile;
        reconcile();
      }
    }
  }

  private void reconcile() {
    ReconcileResult<BackupPolicyStatus> result =
        controller.reconcile(
            policy, new ReconcileContext(now, Runtime.COMPOSE, ResourceLookup.empty(), ledger));
    policy.setStatus(result.status());
    for (Action action : result.actions()) {
      if (action instanceof StartBackupJob start && active == null) {
        active = start(start.order());
      }
    }
    nextReconcile = result.requeueAt().filter(at -> at.isAfter(now)).orElse(now.plusSeconds(1));
    GateDecision gate =
        ReleaseGate.evaluate(
            GateInputs.of(List.of(StatusFacts.policy(policy)), List.of(provenRecently())),
            GateSettings.defaults(),
            now);
    (gate.open() ? openAt : blockedAt).add(now);
  }

  /** What the job executor does: record the job pending, then running; it ends JOB_TAKES later. */
  private JobRecord start(JobOrder order) {
    JobRecord pending =
        new JobRecord(
            JobId.generate(now),
            policy.getRef().name(),
            null,
            order.type().name().toLowerCase(),
            null,
            null,
            order.trigger(),
            order.actor(),
            order.attempt(),
            JobState.PENDING,
            now,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            null,
            null,
            "test-host",
            1L,
            order.retryOf().orElse(null),
            null,
            null,
            null);
    store.write(pending);
    JobRecord running = pending.running("local", now);
    store.write(running);
    return running;
  }

  /** A drill that always succeeded a minute ago, so only backup health decides the gate. */
  private DrillFacts provenRecently() {
    Instant at = now.minusSeconds(60);
    return new DrillFacts("drill", "teaching-data", "L1", true, null, at, null, true, at, null);
  }

  private void restartLedger() {
    store = new JobStore(new StatePaths(state));
    ledger = JobLedger.of(store);
  }

  /** Deletes every file of the policy's job folder but the job records themselves. */
  private void loseSummaries() throws IOException {
    Path dir = store.directory(Optional.empty(), "teaching-data");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (!(name.endsWith(".json") && JobId.isValid(name.substring(0, name.length() - 5)))) {
          Files.delete(file);
        }
      }
    }
  }

  /**
   * Whether {@code at} is at most 24 h after {@code failure} (the gate reopens once it is more).
   */
  private static boolean withinDayAfter(Instant failure, Instant at) {
    return !failure.isAfter(at) && !failure.plus(Duration.ofHours(24)).isBefore(at);
  }

  private static boolean within(Instant at, String from, String to) {
    return !at.isBefore(Instant.parse(from)) && at.isBefore(Instant.parse(to));
  }

  private static LocalDate day(Instant at) {
    return at.atOffset(ZoneOffset.UTC).toLocalDate();
  }

  private static long slot(Instant at) {
    return at.getEpochSecond() / 300;
  }
}
