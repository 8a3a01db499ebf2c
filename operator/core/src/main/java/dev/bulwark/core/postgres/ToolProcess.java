package dev.bulwark.core.postgres;

import dev.bulwark.core.process.OutputTail;
import dev.bulwark.core.process.ProcessTrees;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of a PostgreSQL client tool: argv without secrets, the libpq environment, stderr kept
 * bounded for messages. The password is only ever in the child's environment.
 */
final class ToolProcess {
  static final int TAIL_BYTES = 4096;

  final String tool;
  final Process process;
  private final OutputTail stderr;

  private ToolProcess(String tool, Process process) {
    this.tool = tool;
    this.process = process;
    this.stderr = new OutputTail(process.getErrorStream(), TAIL_BYTES, "bulwark-" + tool + "-err");
  }

  /**
   * Starts {@code tool} with {@code args}; its stdout stays a pipe the caller reads (or {@code
   * stdoutDiscarded} sends it nowhere).
   */
  static ToolProcess start(
      PostgresTools tools,
      String tool,
      List<String> args,
      PostgresConnection connection,
      boolean stdoutDiscarded)
      throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(tools.command(tool));
    argv.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(argv);
    Map<String, String> env = builder.environment();
    // Settings inherited from our own environment must not redirect the tool elsewhere.
    env.remove("PGDATABASE");
    env.remove("PGSERVICE");
    env.remove("PGOPTIONS");
    env.putAll(connection.environment());
    if (stdoutDiscarded) {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    try {
      return new ToolProcess(tool, builder.start());
    } catch (IOException e) {
      throw new IOException(
          "cannot run "
              + argv.get(0)
              + " ("
              + e.getMessage()
              + "); install the PostgreSQL client"
              + " tools or set "
              + PostgresTools.BINDIR_VARIABLE
              + " to their directory",
          e);
    }
  }

  /** Waits for the tool to exit; the exit code. */
  int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /** The tail of the tool's stderr (after it exited). */
  String stderrTail() {
    return stderr.await(2000);
  }

  /** "pg_dump exited with code 1: pg_dump: error: ..." */
  String failure(int code) {
    String err = stderrTail();
    return tool + " exited with code " + code + (err.isEmpty() ? " (no output)" : ": " + err);
  }

  /** Stops the tool and everything it started. */
  void kill() {
    ProcessTrees.kill(process);
  }
}
