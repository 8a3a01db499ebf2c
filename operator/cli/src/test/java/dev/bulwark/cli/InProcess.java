package dev.bulwark.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs {@code bulwark} commands in this JVM with stdout and stderr captured, as a user would see
 * them.
 */
final class InProcess {
  /** What a command printed and how it exited. */
  record Run(int exit, String out, String err) {
    /** The non-blank lines of stderr. */
    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  private InProcess() {}

  /**
   * Runs {@code bulwark args...}; commands print to System.out and System.err, so both are swapped.
   */
  static synchronized Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
      int exit = Bulwark.commandLine().execute(args);
      System.out.flush();
      System.err.flush();
      Run run =
          new Run(
              exit,
              capturedOut.toString(StandardCharsets.UTF_8),
              capturedErr.toString(StandardCharsets.UTF_8));
      if (List.of(args).contains("--json")) {
        JsonCasing.assertSnakeCase(String.join(" ", args), run.out());
      }
      return run;
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
