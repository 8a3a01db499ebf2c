package dev.bulwark.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.drills.DrillRunner;
import dev.bulwark.core.handoff.DrillHandoff;
import dev.bulwark.core.handoff.HandoffException;
import dev.bulwark.core.handoff.RunResults;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bulwark execute drill}: the pod side of a RestoreDrill run the operator runs as a
 * Kubernetes Job. Runs the handed-over run to its end and reports the final record.
 */
@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    description = {
      "Run the restore drill handed to a Kubernetes Job's pod; not meant for people.",
      "The pod of a Job that `bulwark operator` creates runs this. The operator records the run as",
      "running and puts it in $BULWARK_RUN as JSON: the RestoreDrill, its BackupPolicy (secrets as env",
      "references the Job fills) and the running record. The drill restores from the repository alone",
      "into a sandbox under --state (the pod's scratch directory), validates, and measures the actual",
      "RPO and RTO from the record's start. SIGTERM stops it; it is then recorded as failed.",
      "The final record goes to --result-file (at most 4096 bytes; the validation lines, then the end",
      "of the failure reason, are left out when it is longer) and, whole, as one JSON line on stdout.",
      "Exit 0 success, 1 failed, 2 the hand-off cannot be read: then one line naming the variable and",
      "the field goes to stderr and to --result-file."
    })
final class ExecuteDrillCommand implements Callable<Integer> {
  static final String NAME = "execute drill";

  @Mixin ExecuteOptions options;

  @Override
  public Integer call() throws Exception {
    DrillHandoff handoff;
    try {
      handoff = DrillHandoff.fromJson(options.handoff(), options.fromEnv);
    } catch (HandoffException e) {
      return options.unreadable(NAME, e);
    }
    Environment environment = Environment.system();
    DrillRunner runner =
        DrillRunner.builder(
                new PolicyRepositories(
                    environment, TargetOpeners.all(options.state, System.getenv())),
                environment,
                new StatePaths(options.state))
            .build();
    runner.store().write(handoff.running());
    Thread worker = Thread.currentThread();
    // A drill has no clean cancel: the interrupt fails what it is doing, and the record says why.
    try (ExecuteSignal signal = new ExecuteSignal("bulwark-execute-stop", worker::interrupt)) {
      DrillRecord record = runner.run(handoff.drill(), handoff.policy(), handoff.running());
      Thread.interrupted(); // a stop that came after the end must not fail writing the result
      if (signal.signalled() && !record.succeeded()) {
        record = stopped(record);
      }
      int exit = record.succeeded() ? 0 : 1;
      report(record);
      signal.written(exit);
      return exit;
    }
  }

  /** Writes the result and prints the whole record as one line. */
  private void report(DrillRecord record) throws IOException {
    try {
      options.writeResult(RunResults.ofDrill(record));
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

  /** {@code r}, failed because the pod was stopped, with what it was doing when it was. */
  private static DrillRecord stopped(DrillRecord r) {
    return new DrillRecord(
        r.runId(),
        r.drill(),
        r.namespace(),
        r.policy(),
        r.level(),
        r.trigger(),
        r.actor(),
        r.state(),
        r.startedAt(),
        r.finishedAt(),
        r.snapshotJobId(),
        r.snapshotFinishedAt(),
        r.objects(),
        r.bytes(),
        r.actualRpoSeconds(),
        r.actualRtoSeconds(),
        r.objectivesMet(),
        "stopped: the pod was asked to stop (SIGTERM) during the drill"
            + (r.failureReason() == null ? "" : " (" + r.failureReason() + ")"),
        "run the drill again; give the Job more time if it is stopped again",
        r.validations());
  }
}
