package dev.bulwark.core.migration;

import dev.bulwark.core.process.OutputTail;
import dev.bulwark.core.process.ProcessTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A step carried out by a program (argv, no shell). The program never sees the object itself: it
 * gets a working copy as {@code {path}}, and either rewrites that copy or prints the new document
 * on stdout (non-blank stdout wins). Only then is the object replaced, atomically, so a program
 * that dies halfway leaves nothing half-written. Its environment adds BULWARK_MIGRATION_PLAN,
 * BULWARK_OBJECT, BULWARK_FROM_VERSION and BULWARK_TO_VERSION.
 */
final class StepCommand {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** Larger output than this is not a document this migrator rewrites. */
  static final int MAX_STDOUT = 64 * 1024 * 1024;

  private static final int TAIL_BYTES = 2048;

  private final List<String> argv;
  private final Duration timeout;

  StepCommand(List<String> argv, Duration timeout) {
    this.argv = List.copyOf(argv);
    this.timeout = timeout;
  }

  /**
   * Runs the program on a copy of {@code document} placed at {@code workingCopy} and returns the
   * new document's bytes.
   */
  byte[] run(byte[] document, Path workingCopy, Map<String, String> env)
      throws ObjectMigrationException {
    try {
      Files.createDirectories(workingCopy.getParent());
      Files.write(workingCopy, document);
    } catch (IOException e) {
      throw new ObjectMigrationException(
          "cannot write the working copy for the command: " + e.getMessage(), e);
    }
    List<String> command = new ArrayList<>();
    for (String arg : argv) {
      command.add(arg.replace("{path}", workingCopy.toString()));
    }
    String name = "command " + argv.get(0);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ObjectMigrationException(name + " cannot start: " + e.getMessage(), e);
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // it may have exited already; it gets no stdin either way
    }
    Capture stdout = new Capture(process.getInputStream());
    OutputTail stderr = new OutputTail(process.getErrorStream(), TAIL_BYTES, "bulwark-migrate-err");
    boolean exited;
    try {
      exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      ProcessTrees.kill(process);
      Thread.currentThread().interrupt();
      throw new ObjectMigrationException(
          name + " was interrupted (the run is stopping) and killed");
    }
    if (!exited) {
      ProcessTrees.kill(process);
      throw new ObjectMigrationException(
          name + " timed out after " + timeout.toSeconds() + " s and was killed");
    }
    byte[] out = stdout.await();
    String err = stderr.await(2000);
    if (process.exitValue() != 0) {
      throw new ObjectMigrationException(
          name
              + " exited with code "
              + process.exitValue()
              + (err.isEmpty() ? " (no stderr)" : ": " + err));
    }
    if (stdout.overflowed()) {
      throw new ObjectMigrationException(
          name + " printed more than " + MAX_STDOUT + " bytes; not a document");
    }
    if (!new String(out, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return out;
    }
    try {
      return Files.readAllBytes(workingCopy);
    } catch (IOException e) {
      throw new ObjectMigrationException(
          name + " removed or hid its working copy: " + e.getMessage(), e);
    }
  }

  /** Reads all of stdout on its own thread, up to {@link #MAX_STDOUT}. */
  private static final class Capture {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Thread reader;
    private volatile boolean overflowed;

    Capture(InputStream in) {
      reader = new Thread(() -> read(in), "bulwark-migrate-out");
      reader.setDaemon(true);
      reader.start();
    }

    private void read(InputStream in) {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          synchronized (bytes) {
            if (bytes.size() + n > MAX_STDOUT) {
              overflowed = true;
            } else {
              bytes.write(buffer, 0, n);
            }
          }
        }
      } catch (IOException e) {
        // the stream closes when the process is killed
      }
    }

    byte[] await() {
      try {
        reader.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (bytes) {
        return bytes.toByteArray();
      }
    }

    boolean overflowed() {
      return overflowed;
    }
  }
}
