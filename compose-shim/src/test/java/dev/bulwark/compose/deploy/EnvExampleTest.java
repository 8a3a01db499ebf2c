package dev.bulwark.compose.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every environment variable Bulwark's code, its entrypoint and its compose files read is
 * documented in compose-shim/.env.example, and the R12 settings are set there: adding a variable
 * without documenting it fails this test.
 */
class EnvExampleTest {
  /** Tests run in compose-shim/; the repository root is its parent. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static EnvExample example;

  @BeforeAll
  static void readExample() throws IOException {
    example = EnvExample.read(ROOT.resolve("compose-shim/.env.example"));
  }

  @Test
  void everyVariableTheJavaCodeReadsIsDocumented() throws IOException {
    Map<String, Path> reads = EnvironmentReads.inJavaSources(mainSourceRoots());

    // The scan must see the idioms actually in use, or the check below would pass vacuously.
    assertThat(reads)
        .containsKeys(
            "S3_BUCKET", // env.get("...") in cloud-targets
            "BACKUP_HOT_DAYS", // a constant named after its variable in core.Environment
            "BULWARK_PG_BINDIR", // a *_VARIABLE constant
            "BULWARK_HTTP_PORT", // a picocli ${env:...} default
            "HOSTNAME"); // System.getenv("...")
    Map<String, Path> undocumented = new TreeMap<>(reads);
    undocumented.keySet().removeAll(example.entries().keySet());
    assertThat(undocumented)
        .as("variables read by the code (with a file reading each) missing from .env.example")
        .isEmpty();
  }

  @Test
  void everyVariableTheEntrypointAndComposeFilesReadIsDocumented() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("compose-shim/entrypoint.sh"));
    try (Stream<Path> list = Files.list(ROOT.resolve("compose-shim"))) {
      list.filter(p -> p.getFileName().toString().matches("docker-compose.*\\.ya?ml"))
          .sorted()
          .forEach(files::add);
    }
    for (Path file : files) {
      assertThat(EnvironmentReads.inScript(file))
          .as("variables %s reads, all documented in .env.example", ROOT.relativize(file))
          .isSubsetOf(example.entries().keySet());
    }
    assertThat(EnvironmentReads.inScript(ROOT.resolve("compose-shim/entrypoint.sh")))
        .contains("BULWARK_JAR", "BULWARK_HTTP_PORT", "JAVA_OPTS");
  }

  @Test
  void theR12SettingsAndCredentialsAreSet() {
    List<String> r12 = new ArrayList<>(Environment.SETTINGS);
    r12.addAll(
        List.of(
            Environment.AWS_ACCESS_KEY_ID,
            Environment.AWS_SECRET_ACCESS_KEY,
            Environment.OSS_ACCESS_KEY_ID,
            Environment.OSS_ACCESS_KEY_SECRET));
    assertThat(example.setValues().keySet()).containsAll(r12);
  }

  @Test
  void everyEntryIsDescribedAndListedOnce() {
    assertThat(example.duplicates()).isEmpty();
    assertThat(example.entries().values())
        .allSatisfy(
            entry ->
                assertThat(entry.description())
                    .as(
                        ".env.example line %d: %s needs a comment above it",
                        entry.line(), entry.name())
                    .hasSizeGreaterThan(15));
  }

  @Test
  void credentialsAreOnlyPlaceholders() {
    for (String credential : Environment.CREDENTIALS) {
      String value = example.setValues().getOrDefault(credential, "");
      assertThat(value).as(credential).isIn("", "replace-me");
    }
  }

  private static List<Path> mainSourceRoots() throws IOException {
    List<Path> roots = new ArrayList<>();
    roots.add(ROOT.resolve("compose-shim/src/main/java"));
    try (Stream<Path> modules = Files.list(ROOT.resolve("operator"))) {
      modules
          .map(m -> m.resolve("src/main/java"))
          .filter(Files::isDirectory)
          .sorted()
          .forEach(roots::add);
    }
    return roots;
  }
}
