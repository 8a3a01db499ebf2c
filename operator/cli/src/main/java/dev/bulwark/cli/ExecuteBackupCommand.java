package dev.bulwark.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.handoff.BackupHandoff;
import dev.bulwark.core.handoff.HandoffException;
import dev.bulwark.core.handoff.RunResults;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobControl;
import dev.bulwark.core.jobs.JobOutcome;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.runs.RunLock;
import dev.bulwark.engine.progress.ProgressListener;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bulwark execute backup}: the pod side of a backup job the operator runs as a Kubernetes
 * Job. Runs the handed-over pending job to its end and reports the final record.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Run the backup job handed to a Kubernetes Job's pod; not meant for people.",
      "The pod of a Job that `bulwark operator` creates runs this. The operator records the job as",
      "pending and puts the run in $BULWARK_RUN as JSON: the policy (sources at the pod's mount paths,",
      "secrets as env references the Job fills), the pending record and the order. The job runs under",
      "that record's job id, which becomes the snapshot's id, with its hooks, single target and",
      "deadline; its records go to --state (the pod's scratch directory). SIGTERM cancels it cleanly.",
      "The final record goes to --result-file (at most 4096 bytes; the per-domain totals, then the end",
      "of the error, are left out when it is longer) and, whole, as one JSON line on stdout.",
      "Exit 0 success, 1 failed or canceled, 2 the hand-off cannot be read: then one line naming the",
      "variable and the field goes to stderr and to --result-file."
    })
final class ExecuteBackupCommand implements Callable<Integer> {
  static final String NAME = "execute backup";

  @Mixin ExecuteOptions options;

  @Override
  public Integer call() throws Exception {
    BackupHandoff handoff;
    try {
      handoff = BackupHandoff.fromJson(options.handoff(), options.fromEnv);
    } catch (HandoffException e) {
      return options.unreadable(NAME, e);
    }
    Environment environment = Environment.system();
    BackupJobRunner runner =
        BackupJobRunner.builder(
                new PolicyRepositories(
                    environment, TargetOpeners.all(options.state, System.getenv())),
                environment,
                new StatePaths(options.state))
            .toolVersion(BulwarkVersion.current())
            .build();
    JobRecord pending = inThisPod(handoff.pending());
    runner.store().write(pending);
    JobControl control = new JobControl();
    try (ExecuteSignal signal =
        new ExecuteSignal("bulwark-execute-cancel", () -> control.cancel("SIGTERM"))) {
      JobOutcome outcome =
          runner.run(handoff.policy(), pending, handoff.order(), ProgressListener.NONE, control);
      int exit = outcome.succeeded() ? 0 : 1;
      report(outcome.record());
      signal.written(exit);
      return exit;
    }
  }

  /** Writes the result and prints the whole record as one line. */
  private void report(JobRecord record) throws IOException {
    try {
      options.writeResult(RunResults.ofJob(record));
    } catch (IOException e) {
      System.err.println(
          "bulwark " + NAME + ": cannot write the result to " + options.resultFile + ": " + e);
    }
    System.out.println(
        CliJson.MAPPER
            .writer()
            .without(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(record));
    System.out.flush();
  }

  /**
   * The operator's pending record as run here: the host and pid are those of this pod's process,
   * which runs the job (the operator's own live process would otherwise be named).
   */
  private static JobRecord inThisPod(JobRecord r) {
    return new JobRecord(
        r.jobId(),
        r.policy(),
        r.namespace(),
        r.requestedType(),
        r.snapshotType(),
        r.target(),
        r.trigger(),
        r.actor(),
        r.attempt(),
        r.state(),
        r.createdAt(),
        r.startedAt(),
        r.finishedAt(),
        r.files(),
        r.bytes(),
        r.bytesUploaded(),
        r.labels(),
        r.error(),
        r.failureKind(),
        RunLock.hostName(),
        ProcessHandle.current().pid(),
        r.retryOf(),
        r.corruptSnapshot(),
        r.corruptReason(),
        r.domains());
  }
}
