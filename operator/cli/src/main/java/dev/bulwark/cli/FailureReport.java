package dev.bulwark.cli;

import dev.bulwark.cli.logging.ConsoleLine;
import dev.bulwark.cli.logging.LogSettings;
import dev.bulwark.engine.SnapshotNotFoundException;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.DateTimeException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What the user sees when a command cannot run: one line on stderr naming the command and the
 * problem, never a stack trace (that is logged at debug, so {@code --verbose} shows it). Bad input
 * (an unknown option, a malformed value, an id that is not one) exits 2; anything else the command
 * did not handle itself exits 1.
 */
final class FailureReport implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FailureReport.class);

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    StringBuilder line = new StringBuilder(name).append(": ").append(oneLine(e.getMessage()));
    if (e instanceof UnmatchedArgumentException unmatched) {
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        line.append(" (did you mean ")
            .append(String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))))
            .append("?)");
      }
    }
    line.append("; see `").append(name).append(" --help`");
    print(line.toString());
    return 2;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    String name = command.getCommandSpec().qualifiedName();
    LOG.debug("{} failed", name, e);
    if (isBadInput(e)) {
      print(name + ": " + oneLine(describe(e)));
      return 2;
    }
    boolean verbose = LogSettings.level().toInt() <= Level.DEBUG.toInt();
    print(
        name
            + ": "
            + oneLine(describe(e))
            + (verbose ? "" : " (--verbose shows where it came from)"));
    return 1;
  }

  /**
   * Input the user can correct: a value that does not parse, an id or a file that does not exist.
   */
  private static boolean isBadInput(Throwable e) {
    return e instanceof UsageException
        || e instanceof IllegalArgumentException
        || e instanceof DateTimeException
        || e instanceof SnapshotNotFoundException
        || e instanceof NoSuchFileException
        || e instanceof FileNotFoundException
        || (e instanceof UncheckedIOException u && isBadInput(u.getCause()));
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getCause() != null && e.getCause() != e
          ? describe(e.getCause())
          : e.getClass().getSimpleName();
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory: " + message;
    }
    return message;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  private static void print(String line) {
    PrintStream err = System.err;
    ConsoleLine.end(err);
    err.println(line);
  }
}
