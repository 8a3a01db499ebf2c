package dev.bulwark.compose;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.BackupRef;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.drill.DrillRun;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.ReconcileContext;
import dev.bulwark.core.reconcile.ReconcileResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Controllers for gate tests whose statuses say what the test scripted: when each policy last
 * backed up and how each drill's newest run went. They requeue every minute of the runtime's clock,
 * so a test changes the script, advances the clock and awaits the gate.
 */
final class ScriptedStatusControllers {
  static final Duration REQUEUE = Duration.ofMinutes(1);

  /** A drill's newest run: when it finished and, if it failed, why. */
  record Run(Instant finishedAt, String failure) {}

  final Map<String, Instant> lastBackup = new ConcurrentHashMap<>();
  final Map<String, Run> lastRun = new ConcurrentHashMap<>();
  final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();

  List<Controller<?, ?>> controllers() {
    return List.of(new Policies(), new Drills());
  }

  private final class Policies implements Controller<BackupPolicy, BackupPolicyStatus> {
    @Override
    public String kind() {
      return "BackupPolicy";
    }

    @Override
    public Class<BackupPolicy> resourceType() {
      return BackupPolicy.class;
    }

    @Override
    public ReconcileResult<BackupPolicyStatus> reconcile(
        BackupPolicy policy, ReconcileContext context) {
      String name = policy.getRef().name();
      BackupPolicyStatus status =
          policy.getStatus() == null ? new BackupPolicyStatus() : policy.getStatus();
      Long generation = policy.getRef().generation();
      status
          .conditions()
          .set(
              ConditionType.VALID, true, ConditionReason.SPEC_VALID, "", generation, context.now());
      status
          .conditions()
          .set(ConditionType.READY, true, ConditionReason.SCHEDULED, "", generation, context.now());
      status
          .conditions()
          .set(
              ConditionType.HEALTHY,
              true,
              ConditionReason.BACKUPS_SUCCEEDING,
              "",
              generation,
              context.now());
      Instant backup = lastBackup.get(name);
      if (backup != null) {
        BackupRef ref = new BackupRef();
        ref.setJobId("job-" + backup.getEpochSecond());
        ref.setType("incremental");
        ref.setFinishedAt(backup.toString());
        status.setLastSuccessfulBackup(ref);
      }
      return new ReconcileResult<>(status, List.of(), Optional.of(context.now().plus(REQUEUE)));
    }
  }

  private final class Drills implements Controller<RestoreDrill, RestoreDrillStatus> {
    @Override
    public String kind() {
      return "RestoreDrill";
    }

    @Override
    public Class<RestoreDrill> resourceType() {
      return RestoreDrill.class;
    }

    @Override
    public ReconcileResult<RestoreDrillStatus> reconcile(
        RestoreDrill drill, ReconcileContext context) {
      String name = drill.getRef().name();
      RestoreDrillStatus status =
          drill.getStatus() == null ? new RestoreDrillStatus() : drill.getStatus();
      Long generation = drill.getRef().generation();
      status
          .conditions()
          .set(
              ConditionType.VALID, true, ConditionReason.SPEC_VALID, "", generation, context.now());
      status
          .conditions()
          .set(ConditionType.READY, true, ConditionReason.SCHEDULED, "", generation, context.now());
      Run run = lastRun.get(name);
      if (run != null) {
        DrillRun last = new DrillRun();
        last.setFinishedAt(run.finishedAt().toString());
        last.setSucceeded(run.failure() == null);
        last.setFailureReason(run.failure());
        last.setSnapshotJobId("job-restored");
        status.setLastRun(last);
      }
      Instant success = lastSuccess.get(name);
      status.setLastSuccessAt(success == null ? null : success.toString());
      return new ReconcileResult<>(status, List.of(), Optional.of(context.now().plus(REQUEUE)));
    }
  }
}
