package dev.bulwark.core.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a command whose processes die with this JVM, even on {@code kill -9}: a job dies with the
 * operator, and so must the hook or validator it was running (and whatever that started).
 *
 * <p>The command runs under a small POSIX {@code sh} supervisor. It starts the command with {@code
 * setsid}, so the command leads a process group of its own that its children join, and watches a
 * <em>lifeline</em>: its standard input, a pipe whose other end only this JVM holds. When the JVM
 * goes, however it goes, the kernel closes that end, the supervisor reads end-of-file and kills the
 * command's whole process group. When the command ends first, the supervisor exits with its code.
 * The command itself gets an empty standard input. Where {@code setsid} is missing the command runs
 * unsupervised, as before.
 *
 * <p>Callers must keep {@link Process#getOutputStream()} open while the command runs and close it
 * afterwards; closing it early kills the command.
 */
public final class TiedProcess {
  /** The supervisor: {@code sh -c SUPERVISOR bulwark-supervisor <argv...>}. */
  static final String SUPERVISOR =
      String.join(
          "\n",
          "command -v setsid >/dev/null 2>&1 || exec \"$@\" </dev/null",
          "exec 3<&0",
          "setsid \"$@\" </dev/null &",
          "child=$!",
          "( while read -r _; do :; done; kill -KILL -\"$child\" 2>/dev/null ) <&3 >/dev/null 2>&1 &",
          "watcher=$!",
          "exec 3<&-",
          "wait \"$child\"",
          "code=$?",
          "kill \"$watcher\" 2>/dev/null",
          "exit \"$code\"");

  private TiedProcess() {}

  /**
   * Starts {@code builder}'s command tied to this JVM; its directory, environment and output
   * redirects are kept.
   *
   * @throws IOException when the command cannot be found or started
   */
  public static Process start(ProcessBuilder builder) throws IOException {
    List<String> argv = builder.command();
    if (argv.isEmpty()) {
      throw new IOException("no command");
    }
    checkRunnable(argv.get(0), builder);
    List<String> supervised =
        new ArrayList<>(List.of("/bin/sh", "-c", SUPERVISOR, "bulwark-supervisor"));
    supervised.addAll(argv);
    ProcessBuilder wrapped =
        new ProcessBuilder(supervised)
            .directory(builder.directory())
            .redirectErrorStream(builder.redirectErrorStream())
            .redirectOutput(builder.redirectOutput())
            .redirectError(builder.redirectError());
    wrapped.environment().clear();
    wrapped.environment().putAll(builder.environment());
    return wrapped.start();
  }

  /**
   * Fails as ProcessBuilder would for a program that is not there, before the supervisor hides it.
   */
  private static void checkRunnable(String program, ProcessBuilder builder) throws IOException {
    if (program.contains("/")) {
      Path path = Path.of(program);
      if (!path.isAbsolute() && builder.directory() != null) {
        path = builder.directory().toPath().resolve(path);
      }
      if (!Files.isExecutable(path) || Files.isDirectory(path)) {
        throw new IOException("Cannot run program \"" + program + "\": no such executable file");
      }
      return;
    }
    String searchPath = builder.environment().getOrDefault("PATH", "");
    for (String dir : searchPath.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return;
      }
    }
    throw new IOException("Cannot run program \"" + program + "\": not found on the PATH");
  }
}
