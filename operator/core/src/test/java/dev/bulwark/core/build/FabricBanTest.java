package dev.bulwark.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves the enforcer rules that keep fabric8 out of the core and the engine bite: the rules are
 * taken verbatim from each module's pom into a throwaway project that depends on fabric8, and Maven
 * must refuse to build it, naming a fabric8 artifact. For the core the project reaches fabric8 only
 * transitively (through java-operator-sdk, which the engine's rule bans by itself, so the engine's
 * project depends on fabric8 directly). The rule being removed, turned into a warning or (for the
 * core) made non-transitive fails this test.
 */
class FabricBanTest {
  private static final Pattern EXECUTION =
      Pattern.compile("<execution>\\s*<id>([^<]+)</id>.*?</execution>", Pattern.DOTALL);
  private static final Pattern RULES = Pattern.compile("<rules>.*?</rules>", Pattern.DOTALL);

  @ParameterizedTest
  @CsvSource({
    "pom.xml, core-free-of-fabric8, io.javaoperatorsdk:operator-framework-core:${josdk.version}",
    "../engine/pom.xml, engine-stays-standalone, io.fabric8:kubernetes-client-api:${fabric8.version}"
  })
  void aProjectReachingFabric8CannotBuild(
      String pom, String execution, String dependency, @TempDir Path dir) throws Exception {
    String rules = rulesOf(Path.of(pom), execution);
    Path parent = Path.of("../../pom.xml").toAbsolutePath().normalize();
    Files.writeString(
        dir.resolve("pom.xml"),
        fixture(parent, dependency.split(":"), rules),
        StandardCharsets.UTF_8);

    Result result = maven(dir);

    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output())
        .as("the ban names a fabric8 artifact")
        .containsPattern("io\\.fabric8:[^ ]+ <--- banned");
  }

  private static String rulesOf(Path pom, String executionId) throws IOException {
    String text = Files.readString(pom, StandardCharsets.UTF_8);
    Matcher executions = EXECUTION.matcher(text);
    while (executions.find()) {
      if (executions.group(1).equals(executionId)) {
        Matcher rules = RULES.matcher(executions.group());
        assertThat(rules.find()).as("rules of %s in %s", executionId, pom).isTrue();
        return rules.group();
      }
    }
    throw new AssertionError("no enforcer execution " + executionId + " in " + pom);
  }

  private static String fixture(Path parentPom, String[] dependency, String rules) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>dev.bulwark</groupId>
            <artifactId>bulwark-parent</artifactId>
            <version>0.1.0-SNAPSHOT</version>
            <relativePath>%s</relativePath>
          </parent>
          <artifactId>fabric8-ban-fixture</artifactId>
          <dependencies>
            <dependency>
              <groupId>%s</groupId>
              <artifactId>%s</artifactId>
              <version>%s</version>
            </dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-enforcer-plugin</artifactId>
                <executions>
                  <execution>
                    <id>ban</id>
                    <goals>
                      <goal>enforce</goal>
                    </goals>
                    <configuration>
                      %s
                    </configuration>
                  </execution>
                </executions>
              </plugin>
            </plugins>
          </build>
        </project>
        """
        .formatted(parentPom, dependency[0], dependency[1], dependency[2], rules);
  }

  private static Result maven(Path dir) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("mvn", "-B", "validate"));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("maven finished").isTrue();
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private record Result(int exitCode, String output) {}
}
