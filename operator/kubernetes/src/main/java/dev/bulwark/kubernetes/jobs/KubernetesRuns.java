package dev.bulwark.kubernetes.jobs;

import dev.bulwark.core.Environment;
import dev.bulwark.core.drills.DrillLedger;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.drills.DrillRequest;
import dev.bulwark.core.drills.DrillRunner;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobLedger;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobRequest;
import dev.bulwark.core.runs.RoutingRunExecutor;
import dev.bulwark.core.runs.RunService;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Backup jobs and drills on a cluster: runs of a policy that names a PersistentVolumeClaim go to
 * Kubernetes Jobs ({@link KubernetesJobExecutor}); the others stay on the in-process executor they
 * come with. Both share the in-process service's ledger, so controllers read one history.
 */
public final class KubernetesRuns {
  private KubernetesRuns() {}

  /**
   * Backup jobs routed by their policy's sources.
   *
   * @param env the operator's environment ({@code BULWARK_JOB_*} settings, target settings)
   * @param namespaces the watched namespaces; empty for all
   */
  public static RunService<JobRequest, JobRecord, JobLedger> jobs(
      KubernetesClient client,
      BackupJobRunner runner,
      RunService<JobRequest, JobRecord, JobLedger> inProcess,
      Map<String, String> env,
      List<String> namespaces,
      Clock clock) {
    KubernetesJobExecutor<JobRequest, JobRecord> jobs =
        new KubernetesJobExecutor<>(
            client,
            new BackupPodRuns(runner, Environment.of(env), clock),
            RunJobSettings.from(env),
            namespaces);
    return new RunService<>(
        new RoutingRunExecutor<>(
            request -> PodPolicy.namesClaims(request.policy()), jobs, inProcess.executor()),
        inProcess.ledger());
  }

  /** Drills routed by their policy's sources. */
  public static RunService<DrillRequest, DrillRecord, DrillLedger> drills(
      KubernetesClient client,
      DrillRunner runner,
      RunService<DrillRequest, DrillRecord, DrillLedger> inProcess,
      Map<String, String> env,
      List<String> namespaces) {
    KubernetesJobExecutor<DrillRequest, DrillRecord> jobs =
        new KubernetesJobExecutor<>(
            client,
            new DrillPodRuns(runner, Environment.of(env)),
            RunJobSettings.from(env),
            namespaces);
    return new RunService<>(
        new RoutingRunExecutor<>(
            request -> PodPolicy.namesClaims(request.policy()), jobs, inProcess.executor()),
        inProcess.ledger());
  }
}
