package dev.bulwark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bulwark execute}: what the pod of a Kubernetes Job runs for the operator. */
@Command(
    name = "execute",
    mixinStandardHelpOptions = true,
    description = {
      "Run a backup job or drill handed over by the operator in a Kubernetes Job.",
      "Not meant for people: `bulwark operator` creates Jobs whose pods run these commands with the",
      "run in $BULWARK_RUN. To run a backup or a drill by hand, use `bulwark backup` or `bulwark drill`.",
      "See `bulwark execute backup --help` and `bulwark execute drill --help`."
    },
    subcommands = {ExecuteBackupCommand.class, ExecuteDrillCommand.class})
final class ExecuteCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing required subcommand: backup or drill");
  }
}
