package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/quickstart.sh, the quickstart's commands as a script, run against the packaged jar in a copy
 * of the demo (policies/ and examples/sample-data): it ends with a restored file byte-identical to
 * the original, a successful drill and an open gate.
 */
class QuickstartIT {
  @TempDir Path work;

  @Test
  void theQuickstartRestoresAnIdenticalFile() throws Exception {
    copyTree(BulwarkProcess.ROOT.resolve("policies"), work.resolve("policies"));
    copyTree(
        BulwarkProcess.ROOT.resolve("examples/sample-data"), work.resolve("examples/sample-data"));
    Path output = work.resolve("quickstart.out");
    ProcessBuilder builder =
        new ProcessBuilder("bash", BulwarkProcess.ROOT.resolve("docs/quickstart.sh").toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().remove("BULWARK_POLICIES");
    builder.environment().remove("BULWARK_STATE");
    builder.environment().put("QUICKSTART_DIR", work.toString());
    builder.environment().put("BULWARK_JAR", BulwarkProcess.JAR.toString());
    builder.environment().put("BULWARK_HTTP_PORT", "0"); // never the shared default 8080 in tests
    builder
        .environment()
        .put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));

    Process script = builder.start();
    boolean finished = script.waitFor(4, TimeUnit.MINUTES);
    if (!finished) {
      script.destroyForcibly();
    }
    String log = Files.readString(output);

    assertThat(finished).as("the quickstart finished within 4 minutes; output:\n%s", log).isTrue();
    assertThat(script.exitValue()).as("quickstart.sh exit code; output:\n%s", log).isZero();
    Path original = work.resolve("examples/sample-data/student_profiles/s-1001.json");
    Path restored =
        Path.of(
            work
                + "/restored"
                + work.toRealPath()
                + "/examples/sample-data/student_profiles/s-1001.json");
    assertThat(restored).hasSameBinaryContentAs(original);
    assertThat(log).contains("identical: ");
    assertThat(log).as("the drill step").containsPattern("drill demo-objects run \\S+ succeeded");
    assertThat(log).as("the gate step").contains("gate open");
    assertThat(Files.readString(work.resolve("bulwark-run.log")))
        .as("the background `bulwark run` was stopped by the script's trap")
        .contains("stopped");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
