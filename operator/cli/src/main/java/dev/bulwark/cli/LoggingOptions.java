package dev.bulwark.cli;

import dev.bulwark.cli.logging.LogFormat;
import dev.bulwark.cli.logging.LogSettings;
import org.slf4j.event.Level;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code --quiet}, {@code --verbose} and {@code --log-format}, accepted by every command (before or
 * after its name). They override {@code BULWARK_LOG_LEVEL} and {@code BULWARK_LOG_FORMAT}.
 */
final class LoggingOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  private static boolean quiet;
  private static boolean verbose;
  private static LogFormat format;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Log warnings and errors only, and draw no progress bars.")
  void quiet(boolean value) {
    quiet |= value;
  }

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Log debug detail too, including where an error came from.")
  void verbose(boolean value) {
    verbose |= value;
  }

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      completionCandidates = Completions.LogFormats.class,
      scope = ScopeType.INHERIT,
      description =
          "Log lines as text (default) or one JSON object per line ($BULWARK_LOG_FORMAT).")
  void logFormat(LogFormat value) {
    format = value;
  }

  /**
   * Applies what was given on the command line (the environment's values otherwise) before the
   * command runs, and forgets it for the next in-process run.
   *
   * @throws CommandLine.ParameterException when both --quiet and --verbose were given
   */
  static void apply(CommandLine parsed) {
    try {
      LogSettings.reset();
      if (quiet && verbose) {
        throw new CommandLine.ParameterException(
            parsed, "--quiet and --verbose contradict each other: give one");
      }
      if (quiet) {
        LogSettings.level(Level.WARN);
      } else if (verbose) {
        LogSettings.level(Level.DEBUG);
      }
      if (format != null) {
        LogSettings.format(format);
      }
    } finally {
      quiet = false;
      verbose = false;
      format = null;
    }
  }
}
