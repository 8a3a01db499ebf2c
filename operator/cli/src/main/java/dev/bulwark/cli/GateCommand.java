package dev.bulwark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bulwark gate}: the release gate CI runs before a deploy (R17). */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    description = {
      "The release gate that CI checks before it ships.",
      "See `bulwark gate check --help`."
    },
    subcommands = {GateCheckCommand.class})
final class GateCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing required subcommand: check");
  }
}
