package dev.bulwark.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.BackupRef;
import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.core.Environment;
import dev.bulwark.core.jobs.JobLedger;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobRecords;
import dev.bulwark.core.jobs.PolicyJobs;
import dev.bulwark.core.reconcile.ReconcileContext.Runtime;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.testing.TestingYaml;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.engine.testing.TestingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupPolicyControllerTest {
  private final TestingClock clock = TestingClock.at("2026-03-28T23:50:00Z"); // 00:50 CET
  private final BackupPolicyController controller =
      new BackupPolicyController(Environment.of(Map.of()));

  /**
   * The job history the controller sees: by default one full that succeeded a minute before the
   * start.
   */
  private final List<JobRecord> history =
      new ArrayList<>(
          List.of(JobRecords.succeeded("backup-policy", "full", clock.instant().minusSeconds(60))));

  private ReconcileResult<BackupPolicyStatus> reconcile(BackupPolicy policy) {
    JobLedger ledger = (namespace, name) -> new PolicyJobs(history, Optional.empty());
    return controller.reconcile(
        policy,
        new ReconcileContext(clock.instant(), Runtime.COMPOSE, ResourceLookup.empty(), ledger));
  }

  /** Reconciles and writes the status back, as a runtime does between reconciles. */
  private ReconcileResult<BackupPolicyStatus> reconcileAndStore(BackupPolicy policy) {
    ReconcileResult<BackupPolicyStatus> result = reconcile(policy);
    policy.setStatus(result.status());
    return result;
  }

  private static Condition condition(BackupPolicyStatus status, ConditionType type) {
    return status.conditions().get(type).orElseThrow();
  }

  private static BackupPolicy berlin() {
    return TestingYaml.resource("/reconcile/backup-policy-berlin.yaml", BackupPolicy.class);
  }

  @Test
  void schedulesTheNextSnapshotsInThePolicyTimeZone() {
    ReconcileResult<BackupPolicyStatus> result = reconcile(berlin());

    BackupPolicyStatus status = result.status();
    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    assertThat(status.getResolvedTarget()).isEqualTo("local");
    assertThat(status.getNextIncremental()).isEqualTo("2026-03-29T00:00:00Z"); // 01:00 CET
    // 02:30 does not exist that night: the full runs at 03:00 CEST, right after the gap
    assertThat(status.getNextFull()).isEqualTo("2026-03-29T01:00:00Z");
    // The history poll comes before the next fire.
    assertThat(result.requeueAt()).contains(clock.instant().plus(HistoryPoll.INTERVAL));
    Condition ready = condition(status, ConditionType.READY);
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo("Scheduled");
    assertThat(ready.getMessage())
        .isEqualTo("incremental on '*/15 * * * *', full on '30 2 * * *' (Europe/Berlin)");
    assertThat(ready.getObservedGeneration()).isEqualTo(3L);
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-03-28T23:50:00Z");
  }

  @Test
  void aClaimSourceInComposeModeMakesThePolicyInvalidAndStartsNoJob() {
    BackupPolicy policy = TestingResources.backupPolicy("teaching-data");
    dev.bulwark.api.backup.ClaimSource claim = new dev.bulwark.api.backup.ClaimSource();
    claim.setClaimName("exams");
    policy.getSpec().getSources().get(0).setPath(null);
    policy.getSpec().getSources().get(0).setPersistentVolumeClaim(claim);
    history.clear();

    ReconcileResult<BackupPolicyStatus> result = reconcile(policy);

    Condition valid = condition(result.status(), ConditionType.VALID);
    assertThat(valid.getStatus()).isEqualTo("False");
    assertThat(valid.getMessage())
        .contains("spec.sources[0].persistentVolumeClaim: claims are backed up only by");
    assertThat(result.actions()).noneMatch(StartBackupJob.class::isInstance);
  }

  @Test
  void requeuesAtTheFullWhenItComesFirst() {
    clock.set(Instant.parse("2026-03-29T00:59:45Z")); // closer than the history poll
    BackupPolicy policy = berlin();
    policy.getSpec().getSchedule().setIncremental("@hourly");

    ReconcileResult<BackupPolicyStatus> result = reconcile(policy);

    assertThat(result.status().getNextIncremental()).isEqualTo("2026-03-29T01:00:00Z");
    assertThat(result.status().getNextFull()).isEqualTo("2026-03-29T01:00:00Z");
    assertThat(result.requeueAt()).contains(Instant.parse("2026-03-29T01:00:00Z"));

    policy.getSpec().getSchedule().setIncremental("0 12 * * *");
    assertThat(reconcile(policy).requeueAt()).contains(Instant.parse("2026-03-29T01:00:00Z"));
  }

  @Test
  void defaultsToEveryFiveMinutesAndADailyFullAt2InUtc() {
    clock.set(Instant.parse("2026-01-07T10:02:00Z"));
    BackupPolicy policy = TestingResources.backupPolicy("teaching-data");
    policy.getSpec().setSchedule(null);

    ReconcileResult<BackupPolicyStatus> result = reconcile(policy);

    assertThat(result.status().getNextIncremental()).isEqualTo("2026-01-07T10:05:00Z");
    assertThat(result.status().getNextFull()).isEqualTo("2026-01-08T02:00:00Z");
    assertThat(result.requeueAt()).contains(clock.instant().plus(HistoryPoll.INTERVAL));
  }

  @Test
  void theTargetComesFromTheEnvironmentWhenTheSpecNamesNone() {
    BackupPolicy policy = TestingResources.backupPolicy("teaching-data");
    policy.getSpec().setTarget(null);
    BackupPolicyController withDefault =
        new BackupPolicyController(
            Environment.of(Map.of("BACKUP_TARGET_DEFAULT", "s3", "S3_BUCKET", "school-backups")));

    ReconcileResult<BackupPolicyStatus> result =
        withDefault.reconcile(
            policy,
            new ReconcileContext(clock.instant(), Runtime.KUBERNETES, ResourceLookup.empty()));

    assertThat(result.status().getResolvedTarget()).isEqualTo("s3");
  }

  @Test
  void aFirstReconcileReportsBothConditionsAppearing() {
    ReconcileResult<BackupPolicyStatus> result = reconcile(berlin());

    assertThat(result.actions()).noneMatch(StartBackupJob.class::isInstance);
    assertThat(result.actions())
        .filteredOn(
            a ->
                a instanceof ConditionTransition t
                    && (t.type().equals("Valid") || t.type().equals("Ready")))
        .containsExactly(
            new ConditionTransition("Valid", "True", "SpecValid", "spec is valid", false),
            new ConditionTransition(
                "Ready",
                "True",
                "Scheduled",
                "incremental on '*/15 * * * *', full on '30 2 * * *' (Europe/Berlin)",
                false));
  }

  @Test
  void anUnchangedPolicyKeepsItsTransitionTimesAndReportsNothing() {
    BackupPolicy policy = berlin();
    reconcileAndStore(policy);
    clock.advance(Duration.ofMinutes(5)); // before the next fire at 00:00Z

    ReconcileResult<BackupPolicyStatus> again = reconcileAndStore(policy);

    assertThat(again.actions()).isEmpty();
    assertThat(condition(again.status(), ConditionType.READY).getLastTransitionTime())
        .isEqualTo("2026-03-28T23:50:00Z");
    assertThat(condition(again.status(), ConditionType.VALID).getLastTransitionTime())
        .isEqualTo("2026-03-28T23:50:00Z");
    assertThat(again.status().getNextIncremental()).isEqualTo("2026-03-29T00:00:00Z");
  }

  @Test
  void anInvalidSpecTurnsValidAndReadyFalseWithoutARequeue() {
    BackupPolicy policy = berlin();
    reconcileAndStore(policy);
    clock.advance(Duration.ofMinutes(1));
    BackupPolicy broken =
        TestingYaml.resource("/reconcile/backup-policy-bad-cron.yaml", BackupPolicy.class);
    broken.setStatus(policy.getStatus());

    ReconcileResult<BackupPolicyStatus> result = reconcile(broken);

    BackupPolicyStatus status = result.status();
    assertThat(result.requeueAt()).isEmpty();
    assertThat(status.getObservedGeneration()).isEqualTo(4L);
    assertThat(status.getNextIncremental()).isNull();
    assertThat(status.getNextFull()).isNull();
    assertThat(status.getResolvedTarget()).isNull();
    Condition valid = condition(status, ConditionType.VALID);
    assertThat(valid.getStatus()).isEqualTo("False");
    assertThat(valid.getReason()).isEqualTo(ConditionReason.SPEC_INVALID.wireName());
    assertThat(valid.getMessage())
        .startsWith("spec.schedule.full: invalid cron expression '30 2 * *': ")
        .doesNotContain("; spec.");
    assertThat(valid.getLastTransitionTime()).isEqualTo("2026-03-28T23:51:00Z");
    assertThat(condition(status, ConditionType.READY).getReason()).isEqualTo("SpecInvalid");
    assertThat(result.actions())
        .contains(
            new AppendAudit("policy_changed", Map.of("from_generation", 3L, "to_generation", 4L)));
    assertThat(result.actions())
        .filteredOn(ConditionTransition.class::isInstance)
        .extracting(a -> (ConditionTransition) a)
        .extracting(
            ConditionTransition::type, ConditionTransition::status, ConditionTransition::warning)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Valid", "False", true),
            org.assertj.core.groups.Tuple.tuple("Ready", "False", true));
  }

  @Test
  void listsEveryErrorInTheValidMessage() {
    BackupPolicy policy = berlin();
    policy.getSpec().getSchedule().setTimeZone("Europe/Atlantis");
    policy.getSpec().getSources().get(0).setDomain("Raw");

    Condition valid = condition(reconcile(policy).status(), ConditionType.VALID);

    assertThat(valid.getMessage())
        .isEqualTo(
            "spec.sources[0].domain: 'Raw' is not a domain name; expected lowercase letters,"
                + " digits, '_' or '-', starting with a letter (e.g. raw, student_profiles);"
                + " spec.schedule.timeZone: unknown time zone 'Europe/Atlantis'; expected an IANA"
                + " name such as UTC or Europe/Berlin");
  }

  @Test
  void warningsAppearInTheValidMessage() {
    BackupPolicy policy = berlin();
    policy.getSpec().getSources().get(0).setPath("data/raw");

    Condition valid = condition(reconcile(policy).status(), ConditionType.VALID);

    assertThat(valid.getStatus()).isEqualTo("True");
    assertThat(valid.getMessage())
        .isEqualTo(
            "spec is valid; warnings: spec.sources[0].path: relative path 'data/raw' depends on"
                + " the operator's working directory; use an absolute path");
  }

  @Test
  void fixingTheSpecFlipsBackAndSchedulesAgain() {
    BackupPolicy broken =
        TestingYaml.resource("/reconcile/backup-policy-bad-cron.yaml", BackupPolicy.class);
    reconcileAndStore(broken);
    clock.advance(Duration.ofMinutes(3));
    broken.getSpec().getSchedule().setFull("30 2 * * *");

    ReconcileResult<BackupPolicyStatus> fixed = reconcile(broken);

    assertThat(fixed.actions())
        .filteredOn(
            a ->
                a instanceof ConditionTransition t
                    && (t.type().equals("Valid") || t.type().equals("Ready")))
        .extracting(
            a -> ((ConditionTransition) a).type() + "=" + ((ConditionTransition) a).status())
        .containsExactly("Valid=True", "Ready=True");
    assertThat(condition(fixed.status(), ConditionType.READY).getLastTransitionTime())
        .isEqualTo("2026-03-28T23:53:00Z");
    assertThat(fixed.status().getNextFull()).isEqualTo("2026-03-29T01:00:00Z");
    assertThat(fixed.requeueAt()).isPresent();
  }

  @Test
  void aSuspendedPolicyIsNotReadyAndNotScheduled() {
    BackupPolicy policy = berlin();
    reconcileAndStore(policy);
    policy.getSpec().setSuspend(true);

    ReconcileResult<BackupPolicyStatus> result = reconcile(policy);

    assertThat(result.requeueAt()).isEmpty();
    assertThat(result.status().getNextIncremental()).isNull();
    assertThat(result.status().getNextFull()).isNull();
    assertThat(result.status().getResolvedTarget()).isEqualTo("local");
    assertThat(result.actions())
        .containsExactly(
            new ConditionTransition(
                "Ready",
                "False",
                "Suspended",
                "spec.suspend is true: no new jobs start; snapshots and history are kept",
                false));
  }

  @Test
  void keepsFactsTheHistoryWindowNoLongerHolds() {
    history.clear();
    BackupPolicy policy = berlin();
    BackupPolicyStatus previous = new BackupPolicyStatus();
    BackupRef last = new BackupRef();
    last.setJobId("job-42");
    previous.setLastSuccessfulBackup(last);
    previous.setConsecutiveFailures(1);
    previous
        .conditions()
        .set(
            ConditionType.HEALTHY,
            true,
            ConditionReason.BACKUPS_SUCCEEDING,
            "ok",
            2L,
            Instant.parse("2026-03-01T00:00:00Z"));
    policy.setStatus(previous);

    BackupPolicyStatus status = reconcile(policy).status();

    assertThat(status.getLastSuccessfulBackup().getJobId()).isEqualTo("job-42");
    assertThat(status.getConsecutiveFailures()).isZero();
    assertThat(condition(status, ConditionType.HEALTHY).getLastTransitionTime())
        .isEqualTo("2026-03-01T00:00:00Z");
  }

  @Test
  void neverChangesTheResourceItWasGiven() throws Exception {
    ObjectMapper json = new ObjectMapper();
    BackupPolicy policy = berlin();
    reconcileAndStore(policy);
    clock.advance(Duration.ofHours(1));
    policy.getSpec().setSuspend(true);
    String before = json.writeValueAsString(policy);

    ReconcileResult<BackupPolicyStatus> result = reconcile(policy);

    assertThat(json.writeValueAsString(policy)).isEqualTo(before);
    assertThat(result.status()).isNotSameAs(policy.getStatus());
  }

  @Test
  void servesBackupPolicies() {
    assertThat(controller.kind()).isEqualTo("BackupPolicy");
    assertThat(controller.resourceType()).isEqualTo(BackupPolicy.class);
  }
}
