package dev.bulwark.core.drills;

import dev.bulwark.core.process.OutputTail;
import dev.bulwark.core.process.ProcessTrees;
import dev.bulwark.core.process.TiedProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The custom validator of a drill: {@code spec.validators.command} run in the sandbox (no shell),
 * with {@code {sandbox}} in any argument replaced by the sandbox path and {@code BULWARK_SANDBOX}
 * set; it passes on exit code 0. It is killed with its children when it outlives its timeout.
 */
final class CommandCheck {
  /** The placeholder replaced by the sandbox path. */
  static final String SANDBOX = "{sandbox}";

  private static final int TAIL_BYTES = 2048;
  private static final long DRAIN_MILLIS = 2000;

  private CommandCheck() {}

  /** Runs {@code command} against {@code sandbox}; throws when it does not exit 0 in time. */
  static void run(List<String> command, Path sandbox, Duration timeout) throws DrillFailure {
    List<String> argv = command.stream().map(a -> a.replace(SANDBOX, sandbox.toString())).toList();
    String name = "validator command " + argv.get(0);
    String remedy =
        "run the command yourself against a restore (`bulwark restore --to DIR`) to see why it"
            + " fails, then fix the data at its source or the command";
    ProcessBuilder builder =
        new ProcessBuilder(argv).directory(sandbox.toFile()).redirectErrorStream(true);
    builder.environment().put("BULWARK_SANDBOX", sandbox.toString());
    Process process;
    try {
      process = TiedProcess.start(builder); // dies with the operator, like the drill
    } catch (IOException e) {
      throw new DrillFailure(
          name + " cannot start: " + e.getMessage(),
          "install " + argv.get(0) + " where the operator runs, or fix spec.validators.command");
    }
    try {
      await(name, process, timeout, remedy);
    } finally {
      try {
        process.getOutputStream().close(); // the lifeline: closed once the command is done
      } catch (IOException e) {
        // the supervisor has exited already
      }
    }
  }

  private static void await(String name, Process process, Duration timeout, String remedy)
      throws DrillFailure {
    OutputTail output = new OutputTail(process.getInputStream(), TAIL_BYTES, "bulwark-drill-check");
    boolean exited;
    try {
      exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      ProcessTrees.kill(process);
      Thread.currentThread().interrupt();
      throw new DrillFailure(
          name + " was interrupted (the operator is stopping) and killed", "run the drill again");
    }
    if (!exited) {
      ProcessTrees.kill(process);
      throw new DrillFailure(
          name + " timed out after " + timeout.toSeconds() + " s and was killed" + tail(output),
          remedy);
    }
    int code = process.exitValue();
    if (code != 0) {
      throw new DrillFailure(name + " exited with code " + code + tail(output), remedy);
    }
  }

  private static String tail(OutputTail output) {
    String text = output.await(DRAIN_MILLIS);
    return text.isEmpty() ? " (no output)" : ": " + text;
  }
}
