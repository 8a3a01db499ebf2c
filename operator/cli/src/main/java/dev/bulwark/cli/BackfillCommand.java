package dev.bulwark.cli;

import dev.bulwark.core.replay.DayWindow;
import dev.bulwark.core.replay.ReplayAction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark backfill}: fill the missing partitions of a window with a ReplayPlan's analyzer.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Replay only the partitions of a window that have no published outputs yet.",
      "Partitions that have raw inputs but no published outputs of the plan's analyzer version are",
      "replayed; partitions with outputs are left alone. The window replaces the plan's own. Plan",
      "records, evidence and the audit line are written as for `bulwark replay`; spec.mode dry-run (or",
      "--dry-run) only plans.",
      "Exit 0 on success, 1 when a partition failed, 2 on usage errors."
    })
final class BackfillCommand implements Callable<Integer> {
  @Option(names = "--plan", required = true, paramLabel = "NAME", description = "ReplayPlan name.")
  String plan;

  @Option(
      names = "--window",
      required = true,
      paramLabel = "START..END",
      description = "Days to fill, inclusive, e.g. 2026-11-01..2026-11-07.")
  String window;

  @Option(names = "--dry-run", description = "Only write the plan records.")
  boolean dryRun;

  @Option(names = "--json", description = "Machine-readable run record on stdout.")
  boolean json;

  @Mixin StateOptions state;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    DayWindow days;
    try {
      days = DayWindow.parse(window);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("bulwark backfill: --window: " + e.getMessage());
      return 2;
    }
    return new ReplayInvocation(state, plan)
        .run(
            ReplayAction.BACKFILL,
            dryRun,
            r -> r.over(days),
            json,
            spec.commandLine().getOut(),
            spec.commandLine().getErr(),
            "backfill");
  }
}
