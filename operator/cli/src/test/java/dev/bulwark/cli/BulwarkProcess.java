package dev.bulwark.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code bulwark.jar} as a real process, as users and CI do. */
final class BulwarkProcess {
  static final Path JAR =
      Path.of(System.getProperty("bulwark.jar", "target/bulwark.jar")).toAbsolutePath();
  static final Path ROOT =
      Path.of(System.getProperty("bulwark.root", "../..")).toAbsolutePath().normalize();

  /** The outcome of a finished command. */
  record Result(int exitCode, String stdout, String stderr) {}

  private BulwarkProcess() {}

  /** Runs {@code bulwark args...} in {@code workDir} and waits up to a minute for it. */
  static Result run(Path workDir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("bulwark-out", ".txt");
    Path err = Files.createTempFile("bulwark-err", ".txt");
    Process process =
        builder(workDir, env, args)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bulwark " + String.join(" ", args) + " did not finish in 60 s");
    }
    Result result =
        new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    if (List.of(args).contains("--json")) {
      JsonCasing.assertSnakeCase(String.join(" ", args), result.stdout());
    }
    return result;
  }

  /** Starts {@code bulwark args...} in the background; stderr and stdout go to {@code log}. */
  static Process start(Path workDir, Map<String, String> env, Path log, String... args)
      throws IOException {
    return builder(workDir, env, args)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static ProcessBuilder builder(Path workDir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().remove("BULWARK_POLICIES");
    builder.environment().remove("BULWARK_STATE");
    builder.environment().put("BULWARK_HTTP_PORT", "0"); // never the shared default 8080 in tests
    builder.environment().putAll(env);
    return builder;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
