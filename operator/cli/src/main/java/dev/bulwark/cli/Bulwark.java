package dev.bulwark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bulwark} command line: one executable for both runtimes and every operation. */
@Command(
    name = "bulwark",
    mixinStandardHelpOptions = true,
    versionProvider = BulwarkVersion.class,
    description = "Bulwark keeps data safe: backup policies, restore drills, migrations and a release gate.",
    subcommands = {
      RunCommand.class,
      OperatorCommand.class,
      ValidateCommand.class,
      StatusCommand.class,
      GateCommand.class,
      BackupCommand.class,
      SnapshotsCommand.class,
      RestoreCommand.class,
      VerifyCommand.class,
      PruneCommand.class,
      DrillCommand.class,
      LifecycleCommand.class,
      MigrateCommand.class,
      ReplayCommand.class,
      BackfillCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 the command ran and found a problem, 2 usage error or cannot decide."
    })
public final class Bulwark implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** Entry point of the runnable jar. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests that run commands in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new Bulwark()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
