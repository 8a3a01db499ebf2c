package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.cli.BulwarkProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bulwark validate}, {@code --help} and {@code --version} through the real executable. */
class CommandLineIT {

  @Test
  void shippedExamplesAndPoliciesAreValid() throws Exception {
    Result result =
        BulwarkProcess.run(BulwarkProcess.ROOT, Map.of(), "validate", "examples", "policies");
    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    assertThat(result.stdout()).as("no errors and no warnings in what we ship").isEmpty();
    assertThat(result.stderr()).contains("0 error(s)");
  }

  @Test
  void brokenFilesGiveOneLinePerErrorAndExitOne(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("bad.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata:
          name: broken
        spec:
          target: local
          sources:
            - {path: /tmp, domain: raw}
          schedule:
            incremental: "every five minutes"
          retention:
            hotDays: 200
            coldDays: 180
        """);
    Files.writeString(
        dir.resolve("unknown.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolize
        metadata:
          name: typo
        """);
    Result result = BulwarkProcess.run(dir, Map.of(), "validate", ".");
    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
    assertThat(result.stdout().lines())
        .anyMatch(
            l ->
                l.matches(
                    ".*bad\\.yaml:10: BackupPolicy/broken: spec\\.schedule\\.incremental: .+"))
        .anyMatch(
            l -> l.matches(".*bad\\.yaml:12: BackupPolicy/broken: spec\\.retention\\.hotDays: .+"))
        .anyMatch(l -> l.matches(".*unknown\\.yaml:\\d+: .*kind.*BackupPolize.*"));
  }

  @Test
  void usageErrorsExitTwo(@TempDir Path dir) throws Exception {
    assertThat(BulwarkProcess.run(dir, Map.of(), "validate").exitCode()).isEqualTo(2);
    assertThat(BulwarkProcess.run(dir, Map.of(), "validate", "no-such-dir").exitCode())
        .isEqualTo(2);
    assertThat(BulwarkProcess.run(dir, Map.of(), "no-such-command").exitCode()).isEqualTo(2);
  }

  @Test
  void runWithItsStateInsideThePoliciesIsAUsageErrorOfOneLine(@TempDir Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("policies"));

    Result result =
        BulwarkProcess.run(
            dir,
            Map.of("BULWARK_HTTP_PORT", "-1"),
            "run",
            "--policies",
            "policies",
            "--state",
            "policies/.bulwark");

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
    assertThat(result.stderr().lines().filter(l -> !l.isBlank()).toList())
        .singleElement()
        .asString()
        .startsWith(
            "bulwark run: state directory policies/.bulwark is inside the policies directory policies");
    assertThat(result.stderr() + result.stdout())
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(dir.resolve("policies/.bulwark")).doesNotExist();
  }

  @Test
  void helpAndVersion(@TempDir Path dir) throws Exception {
    Result help = BulwarkProcess.run(dir, Map.of(), "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout()).contains("run", "operator", "validate", "status");
    Result version = BulwarkProcess.run(dir, Map.of(), "--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.stdout()).startsWith("bulwark 0.");
  }
}
