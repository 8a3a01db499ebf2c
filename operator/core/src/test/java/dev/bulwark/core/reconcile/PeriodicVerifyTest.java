package dev.bulwark.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.core.Environment;
import dev.bulwark.core.drills.DrillLedger;
import dev.bulwark.core.gate.DrillFacts;
import dev.bulwark.core.gate.GateDecision;
import dev.bulwark.core.gate.GateInputs;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.gate.ReleaseGate;
import dev.bulwark.core.gate.StatusFacts;
import dev.bulwark.core.jobs.JobLedger;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobRecords;
import dev.bulwark.core.jobs.PolicyJobs;
import dev.bulwark.core.reconcile.ReconcileContext.Runtime;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.testing.TestingClock;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.core.verify.VerifyRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The periodic verify of a policy (R16): when it runs, what the status and the gate make of it. */
class PeriodicVerifyTest {
  private static final String POLICY = "teaching-data";
  private final TestingClock clock = TestingClock.at("2026-03-04T10:00:00Z"); // a Wednesday
  private final BackupPolicyController controller =
      new BackupPolicyController(Environment.of(Map.of()));
  private final List<JobRecord> jobs = new ArrayList<>();
  private final List<VerifyRecord> verifies = new ArrayList<>();
  private BackupPolicy policy;

  @BeforeEach
  void aPolicyThatBacksUp() {
    policy = TestingResources.backupPolicy(POLICY);
    jobs.add(0, JobRecords.succeeded(POLICY, "full", Instant.parse("2026-03-04T02:00:00Z")));
    jobs.add(0, JobRecords.succeeded(POLICY, "incremental", Instant.parse("2026-03-04T09:55:00Z")));
  }

  private ReconcileResult<BackupPolicyStatus> reconcile() {
    JobLedger ledger = (namespace, name) -> new PolicyJobs(jobs, Optional.empty());
    RunLedger<VerifyRecord> verifyLedger = (key, limit) -> List.copyOf(verifies);
    ReconcileResult<BackupPolicyStatus> result =
        controller.reconcile(
            policy,
            new ReconcileContext(
                clock.instant(),
                Runtime.COMPOSE,
                ResourceLookup.empty(),
                ledger,
                DrillLedger.none(),
                RunLedger.none(),
                RunLedger.none(),
                verifyLedger));
    policy.setStatus(result.status());
    return result;
  }

  private static List<String> verifyStarts(ReconcileResult<?> result) {
    return result.actions().stream()
        .filter(StartVerify.class::isInstance)
        .map(a -> ((StartVerify) a).trigger())
        .toList();
  }

  private Condition verified() {
    return policy.getStatus().conditions().get(ConditionType.VERIFIED).orElseThrow();
  }

  private VerifyRecord run(String state, Instant started, String... problems) {
    return new VerifyRecord(
        "20260308T050000Z-abcdef",
        POLICY,
        null,
        "schedule",
        "controller",
        state,
        started,
        started.plusSeconds(60),
        "local",
        true,
        "3",
        3,
        40,
        2,
        12L,
        4096L,
        problems.length,
        List.of(problems),
        null);
  }

  private GateDecision gate() {
    Instant proven = clock.instant().minusSeconds(3600);
    DrillFacts drill =
        new DrillFacts("weekly", POLICY, "L1", true, null, proven, null, true, proven, null);
    return ReleaseGate.evaluate(
        GateInputs.of(List.of(StatusFacts.policy(policy)), List.of(drill)),
        GateSettings.defaults(),
        clock.instant());
  }

  @Test
  void theFirstVerifyRunsAtItsWeeklyScheduleNotAtOnce() {
    ReconcileResult<BackupPolicyStatus> first = reconcile();

    assertThat(verifyStarts(first)).isEmpty();
    assertThat(policy.getStatus().getNextVerify())
        .isEqualTo("2026-03-08T05:00:00Z"); // Sunday 05:00 UTC
    assertThat(verified().getStatus()).isEqualTo("Unknown");
    assertThat(first.actions())
        .as("nothing to alert about before a first verify")
        .noneMatch(a -> a instanceof ConditionTransition t && t.type().equals("Verified"));

    clock.set(Instant.parse("2026-03-08T04:59:59Z"));
    assertThat(verifyStarts(reconcile())).isEmpty();
    clock.set(Instant.parse("2026-03-08T05:00:00Z"));
    assertThat(verifyStarts(reconcile())).containsExactly("schedule");

    verifies.add(0, run(VerifyRecord.RUNNING, clock.instant()));
    clock.set(Instant.parse("2026-03-08T05:00:30Z"));
    assertThat(verifyStarts(reconcile())).as("one run at a time").isEmpty();
    verifies.set(0, run(VerifyRecord.SUCCESS, Instant.parse("2026-03-08T05:00:00Z")));
    jobs.add(0, JobRecords.succeeded(POLICY, "incremental", Instant.parse("2026-03-08T04:55:00Z")));
    assertThat(verifyStarts(reconcile())).isEmpty();
    assertThat(verified().getStatus()).isEqualTo("True");
    assertThat(policy.getStatus().getNextVerify()).isEqualTo("2026-03-15T05:00:00Z");
    assertThat(policy.getStatus().getLastVerify().getSnapshotsChecked()).isEqualTo(3);
    assertThat(gate().open()).isTrue();
  }

  @Test
  void aFailedVerifyAlertsAndBlocksTheGateUntilOnePasses() {
    verifies.add(
        0,
        run(
            VerifyRecord.FAILED,
            Instant.parse("2026-03-04T05:00:00Z"),
            "backups/test/2026-03-04/20260304T020000Z-aaaaaa/packs/0d1e.tar.zst (snapshot 20260304T020000Z-aaaaaa): sha256"
                + " mismatch"));

    ReconcileResult<BackupPolicyStatus> result = reconcile();

    assertThat(result.actions())
        .anyMatch(
            a ->
                a instanceof ConditionTransition t
                    && t.type().equals("Verified")
                    && t.status().equals("False")
                    && t.warning());
    assertThat(verified().getReason()).isEqualTo("VerifyFailed");
    assertThat(verified().getMessage())
        .contains("0d1e.tar.zst")
        .contains("bulwark verify --policy teaching-data");
    GateDecision gate = gate();
    assertThat(gate.open()).isFalse();
    assertThat(gate.reasons())
        .anyMatch(r -> r.contains("did not verify") && r.contains("0d1e.tar.zst"));

    verifies.add(0, run(VerifyRecord.SUCCESS, Instant.parse("2026-03-04T09:00:00Z")));
    reconcile();
    assertThat(gate().open()).isTrue();
  }

  @Test
  void aJobThatFoundACorruptSnapshotStartsAVerifyAtOnce() {
    verifies.add(0, run(VerifyRecord.SUCCESS, Instant.parse("2026-03-01T05:00:00Z")));
    JobRecord full =
        JobRecords.succeeded(POLICY, "incremental", Instant.parse("2026-03-04T09:59:00Z"))
            .replacingCorrupt(
                "20260304T095500Z-bad123",
                "manifest is corrupt: its SHA-256 is 00 but catalog entry recorded 11");
    jobs.add(
        0,
        new JobRecord(
            full.jobId(),
            POLICY,
            null,
            "incremental",
            "full",
            "local",
            full.trigger(),
            full.actor(),
            1,
            full.state(),
            full.createdAt(),
            full.startedAt(),
            full.finishedAt(),
            10L,
            1000L,
            1000L,
            List.of(),
            null,
            null,
            "h",
            1L,
            null,
            full.corruptSnapshot(),
            full.corruptReason(),
            null));

    ReconcileResult<BackupPolicyStatus> result = reconcile();

    assertThat(verifyStarts(result)).containsExactly("corrupt-snapshot");
    assertThat(verified().getStatus()).isEqualTo("False");
    assertThat(verified().getReason()).isEqualTo("CorruptSnapshot");
    assertThat(verified().getMessage())
        .contains("20260304T095500Z-bad123")
        .contains("took a full instead");
    assertThat(gate().open()).isFalse();

    verifies.add(0, run(VerifyRecord.SUCCESS, clock.instant()));
    clock.set(clock.instant().plusSeconds(120));
    assertThat(verifyStarts(reconcile())).isEmpty();
    assertThat(verified().getStatus()).isEqualTo("True");
  }

  @Test
  void aSuspendedVerifyNeverRuns() {
    policy.getSpec().setVerify(new dev.bulwark.api.backup.PeriodicVerify());
    policy.getSpec().getVerify().setSuspend(true);
    clock.set(Instant.parse("2026-03-08T05:00:00Z"));

    assertThat(verifyStarts(reconcile())).isEmpty();
    assertThat(policy.getStatus().getNextVerify()).isNull();
  }
}
