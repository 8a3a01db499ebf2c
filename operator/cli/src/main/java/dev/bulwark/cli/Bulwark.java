package dev.bulwark.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code bulwark} command line: one executable for both runtimes and every operation. */
@Command(
    name = "bulwark",
    mixinStandardHelpOptions = true,
    versionProvider = BulwarkVersion.class,
    description = "Bulwark keeps data safe: backups, restore drills, migrations, a release gate.",
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
      ExecuteCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 the command ran and found a problem, 2 usage error or cannot decide.",
      "Logs: BULWARK_LOG_LEVEL (error, warn, info, debug) and BULWARK_LOG_FORMAT (text,",
      "json) set them; --quiet, --verbose and --log-format override them for one command.",
      "Completion: source <(bulwark completion bash), or zsh."
    })
public final class Bulwark implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin LoggingOptions logging;

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
    FailureReport failures = new FailureReport();
    CommandLine commandLine =
        new CommandLine(new Bulwark())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(failures)
            .setParameterExceptionHandler(failures);
    commandLine.setExecutionStrategy(
        parsed -> {
          List<CommandLine> chain = parsed.asCommandLineList();
          LoggingOptions.apply(chain.get(chain.size() - 1));
          return new CommandLine.RunLast().execute(parsed);
        });
    return commandLine;
  }
}
