package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code ./bulwark} launcher on the packaged jar: it makes the AppCDS archive on first
 * use, the JVM really maps it, and neither a broken archive nor a collector in JAVA_OPTS breaks a
 * command or puts a word on stdout, where {@code --json} output goes.
 */
class LauncherIT {
  private static final Path LAUNCHER = BulwarkProcess.ROOT.resolve("bulwark");
  private static final Path ARCHIVE = BulwarkProcess.JAR.resolveSibling("bulwark.jsa");

  @TempDir Path tmp;

  @Test
  void theFirstRunMakesTheArchiveAndLaterRunsMapIt() throws Exception {
    Files.deleteIfExists(ARCHIVE);

    Result first = launch(Map.of(), "--version");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(ARCHIVE).exists();
    assertThat(Files.getLastModifiedTime(ARCHIVE))
        .isGreaterThanOrEqualTo(Files.getLastModifiedTime(BulwarkProcess.JAR));

    // -Xshare:on makes the JVM refuse to start unless it maps the archive.
    Result shared = launch(Map.of("JAVA_OPTS", "-Xshare:on"), "--version");
    assertThat(shared.exit()).as(shared.err()).isZero();
    assertThat(shared.out()).startsWith("bulwark ");
  }

  @Test
  void aBrokenArchiveNeitherFailsACommandNorWritesToStdout() throws Exception {
    launch(Map.of(), "--version"); // the archive exists
    byte[] good = Files.readAllBytes(ARCHIVE);
    try {
      ARCHIVE.toFile().setWritable(true);
      Files.write(ARCHIVE, "not an archive".getBytes(StandardCharsets.UTF_8));
      // Newer than the jar, so the launcher trusts it and the JVM must cope.
      Files.setLastModifiedTime(ARCHIVE, FileTime.from(Instant.now().plusSeconds(60)));

      Path policies = Files.createDirectories(tmp.resolve("policies"));
      Result result = launch(Map.of(), "validate", policies.toString(), "--json");
      assertThat(result.exit()).as(result.err()).isZero();
      assertThat(result.out()).startsWith("{").doesNotContain("[warning]").doesNotContain("cds");
      assertThat(result.err()).doesNotContain("cds");
    } finally {
      Files.write(ARCHIVE, good);
    }
  }

  @Test
  void aCollectorInJavaOptsWinsOverTheLaunchersChoice() throws Exception {
    for (String command : List.of("status", "run", "backup")) {
      Result result = launch(Map.of("JAVA_OPTS", "-XX:+UseG1GC"), command, "--help");
      assertThat(result.exit()).as("bulwark %s --help: %s", command, result.err()).isZero();
    }
  }

  private record Result(int exit, String out, String err) {}

  private Result launch(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(LAUNCHER.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
    builder.environment().remove("JAVA_OPTS");
    builder.environment().putAll(env);
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("./bulwark " + String.join(" ", args) + " did not finish");
    }
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
