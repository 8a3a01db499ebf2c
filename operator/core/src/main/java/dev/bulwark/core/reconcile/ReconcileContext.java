package dev.bulwark.core.reconcile;

import dev.bulwark.core.drills.DrillLedger;
import dev.bulwark.core.jobs.JobLedger;
import dev.bulwark.core.migration.MigrationRecord;
import dev.bulwark.core.replay.ReplayRunRecord;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.core.verify.VerifyRecord;
import java.time.Instant;

/**
 * What a controller observes besides the resource itself. Adapters build it; tests build it with a
 * fixed time.
 *
 * @param now the time of this reconcile (from the runtime's clock)
 * @param runtime which adapter is asking, for messages that differ by runtime (e.g. relative paths)
 * @param lookup the other resources the runtime serves, for references between them
 * @param jobs the job history of policies (the runtime's job executor writes it)
 * @param drills the run history of drills (the runtime's drill executor writes it)
 * @param migrations the runs of migration plans (the runtime's migration executor writes them)
 * @param replays the runs of replay plans (the runtime's replay executor and the CLI write them)
 * @param verifies the verify runs of policies' repositories (the runtime's verify executor writes
 *     them)
 */
public record ReconcileContext(
    Instant now,
    Runtime runtime,
    ResourceLookup lookup,
    JobLedger jobs,
    DrillLedger drills,
    RunLedger<MigrationRecord> migrations,
    RunLedger<ReplayRunRecord> replays,
    RunLedger<VerifyRecord> verifies) {

  /** A context without verify runs. */
  public ReconcileContext(
      Instant now,
      Runtime runtime,
      ResourceLookup lookup,
      JobLedger jobs,
      DrillLedger drills,
      RunLedger<MigrationRecord> migrations,
      RunLedger<ReplayRunRecord> replays) {
    this(now, runtime, lookup, jobs, drills, migrations, replays, RunLedger.none());
  }

  /** A context where nothing has ever run (validation-only runtimes, tests of specs). */
  public ReconcileContext(Instant now, Runtime runtime, ResourceLookup lookup) {
    this(
        now,
        runtime,
        lookup,
        JobLedger.none(),
        DrillLedger.none(),
        RunLedger.none(),
        RunLedger.none());
  }

  /** A context with a job history only. */
  public ReconcileContext(Instant now, Runtime runtime, ResourceLookup lookup, JobLedger jobs) {
    this(now, runtime, lookup, jobs, DrillLedger.none(), RunLedger.none(), RunLedger.none());
  }

  /** A context with job and drill histories and nothing else. */
  public ReconcileContext(
      Instant now, Runtime runtime, ResourceLookup lookup, JobLedger jobs, DrillLedger drills) {
    this(now, runtime, lookup, jobs, drills, RunLedger.none(), RunLedger.none());
  }

  /** A context with job, drill and migration histories and no replay runs. */
  public ReconcileContext(
      Instant now,
      Runtime runtime,
      ResourceLookup lookup,
      JobLedger jobs,
      DrillLedger drills,
      RunLedger<MigrationRecord> migrations) {
    this(now, runtime, lookup, jobs, drills, migrations, RunLedger.none());
  }

  /** The adapter that runs the controllers. */
  public enum Runtime {
    /** The compose shim over a watched directory. */
    COMPOSE,
    /** java-operator-sdk on a Kubernetes cluster. */
    KUBERNETES
  }
}
