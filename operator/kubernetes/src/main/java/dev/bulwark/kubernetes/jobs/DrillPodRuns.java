package dev.bulwark.kubernetes.jobs;

import dev.bulwark.api.common.Resource;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.core.Environment;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.drills.DrillRequest;
import dev.bulwark.core.drills.DrillRunner;
import dev.bulwark.core.handoff.DrillHandoff;
import dev.bulwark.core.handoff.HandoffException;
import dev.bulwark.core.handoff.RunResults;
import dev.bulwark.core.reconcile.StatusCopies;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunLedger;
import java.time.Duration;

/**
 * Restore drills of policies whose volumes only a Job can read, as Jobs: the pod restores from the
 * repository alone into its own scratch space ({@code emptyDir}), so it mounts no claim; the
 * operator's {@link DrillRunner} records the run, its restore audit line and its proof.
 */
final class DrillPodRuns implements PodRunKind<DrillRequest, DrillRecord> {
  private static final String ACTOR = "controller";
  private static final Duration DEADLINE = Duration.ofHours(6);

  private final DrillRunner runner;
  private final Environment environment;

  DrillPodRuns(DrillRunner runner, Environment environment) {
    this.runner = runner;
    this.environment = environment;
  }

  @Override
  public String name() {
    return "drill";
  }

  @Override
  public DrillRecord prepare(RunKey key, DrillRequest request) {
    return runner.begin(
        request.drill(), request.policy(), key.namespace(), request.trigger(), ACTOR);
  }

  @Override
  public Resource<?, ?> owner(DrillRequest request) {
    return request.drill();
  }

  @Override
  public PodRun podRun(RunKey key, DrillRequest request, DrillRecord record)
      throws PodSpecException {
    PodPolicy pod = PodPolicy.of(request.policy(), environment).withoutClaims();
    // The pod restores into its own scratch space: a sandbox path of the spec names a directory
    // of another machine, and the pod's root file system is read-only.
    RestoreDrill drill = new RestoreDrill();
    drill.setRef(request.drill().getRef());
    drill.setAnnotations(request.drill().getAnnotations());
    drill.setSpec(StatusCopies.copyOf(request.drill().getSpec(), RestoreDrillSpec::new));
    drill.getSpec().setSandbox(null);
    return new PodRun(new DrillHandoff(drill, pod.policy(), key.namespace(), record).toJson(), pod);
  }

  @Override
  public Duration deadline(DrillRequest request) {
    return DEADLINE;
  }

  @Override
  public void started(DrillRequest request, DrillRecord record, String jobName) {
    // the running record was written by prepare; the drill's audit line comes with its end
  }

  @Override
  public DrillRecord ended(DrillRequest request, DrillRecord record, String message)
      throws HandoffException {
    DrillRecord reported = RunResults.drill(message);
    if (!reported.runId().equals(record.runId()) || !reported.drill().equals(record.drill())) {
      throw new HandoffException(
          "the termination message",
          "run_id",
          "the report is of run "
              + reported.runId()
              + " of "
              + reported.drill()
              + ", not of "
              + record.runId());
    }
    if (!reported.finished()) {
      throw new HandoffException(
          "the termination message",
          "state",
          "the report of run " + record.runId() + " says it has not ended");
    }
    return runner.recordEnd(request.drill(), reported);
  }

  @Override
  public DrillRecord lost(DrillRequest request, DrillRecord record, String why, boolean canceled) {
    return runner.recordLost(request.drill(), record, why);
  }

  @Override
  public Adopted<DrillRequest, DrillRecord> adopt(String handoff) throws HandoffException {
    DrillHandoff run = DrillHandoff.fromJson(handoff);
    return new Adopted<>(
        new DrillRequest(run.drill(), run.policy(), run.running().trigger()), run.running());
  }

  @Override
  public void remember(DrillRecord record) {
    runner.store().write(record);
  }

  @Override
  public RunLedger<DrillRecord> ledger() {
    return runner.store().runs();
  }
}
