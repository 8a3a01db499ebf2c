package dev.bulwark.cli;

import dev.bulwark.core.handoff.HandoffEnvelope;
import dev.bulwark.core.handoff.HandoffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import picocli.CommandLine.Option;

/**
 * Options of {@code bulwark execute backup|drill}: where the hand-off is read from, where the
 * result goes, and the pod's scratch state directory.
 */
final class ExecuteOptions {
  /**
   * The longest one-line error written as a result, in code points: at 4 bytes each at most, it
   * stays within the 4096 bytes of a termination message. The field and reason come first.
   */
  private static final int MAX_ERROR_CODE_POINTS = 1000;

  @Option(
      names = "--from-env",
      paramLabel = "VAR",
      defaultValue = HandoffEnvelope.DEFAULT_ENV,
      description = "Environment variable holding the hand-off JSON (default: BULWARK_RUN).")
  String fromEnv;

  @Option(
      names = "--result-file",
      paramLabel = "FILE",
      defaultValue = "/dev/termination-log",
      description =
          "Where the final record goes, at most 4096 bytes (default: /dev/termination-log, the"
              + " file Kubernetes copies into the pod's status).")
  Path resultFile;

  @Option(
      names = "--state",
      paramLabel = "DIR",
      defaultValue = "${env:BULWARK_STATE:-.bulwark}",
      description =
          "Scratch state directory for the run's records, locks and sandbox (default:"
              + " $BULWARK_STATE or ./.bulwark).")
  Path state;

  /** The hand-off's JSON; a variable that is not set is a named error. */
  String handoff() throws HandoffException {
    String json = System.getenv(fromEnv);
    if (json == null) {
      throw new HandoffException(fromEnv, "document", "not set");
    }
    return json;
  }

  /**
   * Writes {@code result} over the result file, in place: {@code /dev/termination-log} is a file
   * Kubernetes mounted, which a rename would not replace.
   */
  void writeResult(String result) throws IOException {
    Files.writeString(
        resultFile,
        result,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
  }

  /**
   * Reports a hand-off that cannot be read: one line on stderr, and the same (without the command's
   * name) as the result, so the operator shows which variable and field. Returns exit code 2.
   */
  int unreadable(String command, HandoffException problem) {
    String line = oneLine(problem.getMessage());
    System.err.println("bulwark " + command + ": " + line);
    try {
      writeResult(line);
    } catch (IOException e) {
      System.err.println(
          "bulwark " + command + ": cannot write the result to " + resultFile + ": " + e);
    }
    return 2;
  }

  /** {@code text} on one line, short enough for a termination message. */
  private static String oneLine(String text) {
    String line = text.replaceAll("\\s*\\R\\s*", " ").strip();
    if (line.codePointCount(0, line.length()) > MAX_ERROR_CODE_POINTS) {
      line = line.substring(0, line.offsetByCodePoints(0, MAX_ERROR_CODE_POINTS)) + "…";
    }
    return line; // at most 4 bytes per code point: within RunResults.LIMIT
  }
}
