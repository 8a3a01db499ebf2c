package dev.bulwark.core.gate;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.BackupRef;
import dev.bulwark.api.backup.JobSummary;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.ResourceRef;
import dev.bulwark.api.drill.DrillLevel;
import dev.bulwark.api.drill.DrillRun;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.api.drill.RestoreDrillStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** BackupPolicies and RestoreDrills with the statuses the controllers write, for gate tests. */
final class GateFixtures {
  private GateFixtures() {}

  /** A valid policy whose status says Healthy True and names its newest successful backup. */
  static BackupPolicy healthyPolicy(String name, Instant lastBackup) {
    BackupPolicy policy = new BackupPolicy();
    policy.setRef(ResourceRef.of(BackupPolicy.KIND, name));
    policy.setSpec(new BackupPolicySpec());
    BackupPolicyStatus status = new BackupPolicyStatus();
    status
        .conditions()
        .set(ConditionType.VALID, true, ConditionReason.SPEC_VALID, "", 1L, lastBackup);
    status
        .conditions()
        .set(ConditionType.HEALTHY, true, ConditionReason.BACKUPS_SUCCEEDING, "ok", 1L, lastBackup);
    status.setLastSuccessfulBackup(
        ref("job-" + lastBackup.getEpochSecond(), "incremental", lastBackup, null));
    status.setRecentJobs(
        new ArrayList<>(List.of(job("job-" + lastBackup.getEpochSecond(), "success", lastBackup))));
    policy.setStatus(status);
    return policy;
  }

  static BackupRef ref(String jobId, String type, Instant finishedAt, String label) {
    BackupRef ref = new BackupRef();
    ref.setJobId(jobId);
    ref.setType(type);
    ref.setTarget("local");
    ref.setFinishedAt(finishedAt.toString());
    ref.setLabel(label);
    return ref;
  }

  static JobSummary job(String jobId, String state, Instant finishedAt) {
    JobSummary job = new JobSummary();
    job.setJobId(jobId);
    job.setType("incremental");
    job.setState(state);
    job.setFinishedAt(finishedAt.toString());
    if ("failed".equals(state)) {
      job.setError("target unreachable: connection refused");
    }
    return job;
  }

  /** A valid drill of {@code policy} whose newest run succeeded at {@code succeededAt}. */
  static RestoreDrill passedDrill(String name, String policy, Instant succeededAt) {
    RestoreDrill drill = new RestoreDrill();
    drill.setRef(ResourceRef.of(RestoreDrill.KIND, name));
    RestoreDrillSpec spec = new RestoreDrillSpec();
    spec.setPolicyRef(policy);
    spec.setLevel(DrillLevel.L1);
    drill.setSpec(spec);
    RestoreDrillStatus status = new RestoreDrillStatus();
    status
        .conditions()
        .set(ConditionType.VALID, true, ConditionReason.SPEC_VALID, "", 1L, succeededAt);
    DrillRun run = new DrillRun();
    run.setSucceeded(true);
    run.setFinishedAt(succeededAt.toString());
    run.setSnapshotJobId("job-restored");
    status.setLastRun(run);
    status.setRecentRuns(List.of(run));
    status.setLastSuccessAt(succeededAt.toString());
    drill.setStatus(status);
    return drill;
  }

  /** Records a failed newest run on {@code drill}, keeping its earlier success. */
  static RestoreDrill failedRun(RestoreDrill drill, Instant at, String reason) {
    DrillRun run = new DrillRun();
    run.setSucceeded(false);
    run.setFinishedAt(at.toString());
    run.setFailureReason(reason);
    RestoreDrillStatus status = drill.getStatus();
    List<DrillRun> runs = new ArrayList<>();
    runs.add(run);
    runs.addAll(status.getRecentRuns());
    status.setRecentRuns(runs);
    status.setLastRun(run);
    return drill;
  }
}
