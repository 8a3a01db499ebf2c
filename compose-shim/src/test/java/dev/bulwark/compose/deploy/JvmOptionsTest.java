package dev.bulwark.compose.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compose-shim/jvm-options.sh, the JVM flags both ./bulwark and the image's entrypoint use, run by
 * a real POSIX shell: each kind of command gets its flags, a collector in JAVA_OPTS replaces ours,
 * and the AppCDS archive is named only when it exists.
 */
class JvmOptionsTest {
  private static final Path SCRIPT = EnvExampleTest.ROOT.resolve("compose-shim/jvm-options.sh");

  @TempDir Path tmp;

  @Test
  void shortCommandsStartWithC1AndTheSerialCollector() throws Exception {
    for (String command : List.of("status", "gate check", "validate policies", "--version", "")) {
      assertThat(options(Map.of(), command))
          .as("bulwark %s", command)
          .containsExactly("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }
  }

  @Test
  void dataCommandsGetTheParallelCollectorAndFullCompilation() throws Exception {
    for (String command :
        List.of("backup --policy demo", "--verbose restore --policy demo", "verify", "drill")) {
      assertThat(options(Map.of(), command))
          .as("bulwark %s", command)
          .containsExactly("-XX:+UseParallelGC");
    }
  }

  @Test
  void daemonsStartSmallAndGiveMemoryBack() throws Exception {
    for (String command : List.of("run", "--log-format=json run", "operator")) {
      assertThat(options(Map.of(), command))
          .as("bulwark %s", command)
          .containsExactly(
              "-XX:+UseSerialGC", "-Xms16m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");
    }
  }

  @Test
  void aCollectorInJavaOptsReplacesOurs() throws Exception {
    // The JVM refuses two collectors, so ours must go; the rest of the flags stay.
    assertThat(options(Map.of("JAVA_OPTS", "-Xmx1g -XX:+UseG1GC"), "run"))
        .doesNotContain("-XX:+UseSerialGC")
        .contains("-Xms16m");
    assertThat(options(Map.of("JAVA_OPTS", "-Xmx1g"), "status")).contains("-XX:+UseSerialGC");
  }

  @Test
  void theArchiveIsUsedOnlyWhenItExists() throws Exception {
    Path archive = tmp.resolve("bulwark.jsa");
    Map<String, String> env = Map.of("BULWARK_CDS_ARCHIVE", archive.toString());
    assertThat(options(env, "status")).noneMatch(flag -> flag.contains("SharedArchiveFile"));

    Files.writeString(archive, "an archive");
    assertThat(options(env, "status"))
        .contains("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
  }

  /** The flags jvm-options.sh prints for {@code bulwark command} under {@code env}. */
  private List<String> options(Map<String, String> env, String command)
      throws IOException, InterruptedException {
    ProcessBuilder sh =
        new ProcessBuilder(
            "sh", "-c", ". \"$0\" && bulwark_jvm_options " + command, SCRIPT.toString());
    sh.environment().remove("JAVA_OPTS");
    sh.environment().remove("BULWARK_CDS_ARCHIVE");
    sh.environment().putAll(env);
    sh.redirectErrorStream(true);
    Process process = sh.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    List<String> flags = new ArrayList<>();
    for (String flag : out.strip().split("\\s+")) {
      if (!flag.isEmpty()) {
        flags.add(flag);
      }
    }
    return flags;
  }
}
