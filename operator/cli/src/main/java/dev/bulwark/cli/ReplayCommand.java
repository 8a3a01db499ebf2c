package dev.bulwark.cli;

import dev.bulwark.core.replay.ReplayAction;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark replay}: recompute derived data from raw inputs with a ReplayPlan's analyzer
 * version.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a ReplayPlan now: recompute derived data from raw, per partition.",
      "For each partition of its window it writes a plan record to",
      "<state>/reports/replay/<plan>/<partition>.json; with spec.mode apply, it runs the analyzer on",
      "read-only inputs (live, or restored from spec.inputs.fromSnapshot), checks the outputs and",
      "publishes them into the versioned output root by an atomic rename, with evidence and, for",
      "spec.compareWith, an old/new comparison. Published outputs are never overwritten and",
      "partitions done with the same idempotency guard are skipped, so running it again is safe.",
      "Not a retry (the same job again) nor a restore (stored data back): see docs/replay.md.",
      "Exit 0 on success, 1 when a partition failed, 2 on usage errors."
    })
final class ReplayCommand implements Callable<Integer> {
  @Option(names = "--plan", required = true, paramLabel = "NAME", description = "ReplayPlan name.")
  String plan;

  @Option(
      names = "--dry-run",
      description = "Only write the plan records, whatever spec.mode says.")
  boolean dryRun;

  @Option(
      names = "--partition",
      paramLabel = "KEY",
      description = "Only this partition (a day of the window).")
  String partition;

  @Option(names = "--json", description = "Machine-readable run record on stdout.")
  boolean json;

  @Mixin StateOptions state;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    UnaryOperator<dev.bulwark.core.replay.ReplayRequest> narrow =
        partition == null ? UnaryOperator.identity() : r -> r.onlyPartition(partition);
    return new ReplayInvocation(state, plan)
        .run(
            ReplayAction.APPLY,
            dryRun,
            narrow,
            json,
            spec.commandLine().getOut(),
            spec.commandLine().getErr(),
            "replay");
  }
}
