package dev.bulwark.core.replay;

import dev.bulwark.core.process.OutputTail;
import dev.bulwark.core.process.ProcessTrees;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program run for one partition (the analyzer, or a check command): argv without a shell, with
 * {@code {input}}, {@code {output}} and {@code {partition}} filled in, no stdin, stdout and stderr
 * drained to their tails, and a timeout that kills the whole process tree.
 */
final class AnalyzerCommand {
  private static final int TAIL_BYTES = 2048;

  private final List<String> argv;
  private final Duration timeout;

  AnalyzerCommand(List<String> argv, Duration timeout) {
    this.argv = List.copyOf(argv);
    this.timeout = timeout;
  }

  /** The argv with the placeholders filled in. */
  List<String> filled(Path input, Path output, String partition) {
    List<String> command = new ArrayList<>();
    for (String arg : argv) {
      command.add(
          arg.replace("{input}", input.toString())
              .replace("{output}", output.toString())
              .replace("{partition}", partition));
    }
    return command;
  }

  /**
   * Runs the program in {@code workDir}.
   *
   * @throws ReplayPlanException when it cannot start, times out or exits non-zero (the message
   *     carries the stderr tail)
   */
  void run(Path input, Path output, String partition, Path workDir, Map<String, String> env)
      throws ReplayPlanException {
    String name = "command " + argv.get(0);
    ProcessBuilder builder =
        new ProcessBuilder(filled(input, output, partition)).directory(workDir.toFile());
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ReplayPlanException(name + " cannot start: " + e.getMessage());
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // it may have exited already; it gets no stdin either way
    }
    OutputTail stdout = new OutputTail(process.getInputStream(), TAIL_BYTES, "bulwark-replay-out");
    OutputTail stderr = new OutputTail(process.getErrorStream(), TAIL_BYTES, "bulwark-replay-err");
    boolean exited;
    try {
      exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      ProcessTrees.kill(process);
      Thread.currentThread().interrupt();
      throw new ReplayPlanException(name + " was interrupted (the run is stopping) and killed");
    }
    if (!exited) {
      ProcessTrees.kill(process);
      throw new ReplayPlanException(
          name + " timed out after " + timeout.toSeconds() + " s and was killed");
    }
    stdout.await(2000);
    String err = stderr.await(2000).strip();
    if (process.exitValue() != 0) {
      throw new ReplayPlanException(
          name
              + " exited with code "
              + process.exitValue()
              + (err.isEmpty() ? " (no stderr)" : ": " + err));
    }
  }
}
