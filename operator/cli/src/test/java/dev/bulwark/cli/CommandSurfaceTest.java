package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.cli.InProcess.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line as a platform engineer meets it: every command takes the logging options, help
 * summaries are whole sentences, bad input of any command is one line and exit 2 (never a stack
 * trace), completion works in a real shell, and {@code validate --json} is machine-readable.
 */
class CommandSurfaceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REQUIREMENT_ID = Pattern.compile("\\(R\\d+\\)|\\bR\\d{1,2}\\b");

  @TempDir Path work;
  private Path policies;
  private Path state;
  private Path data;

  @BeforeEach
  void aPolicyDirectory() throws IOException {
    policies = Files.createDirectories(work.resolve("policies"));
    state = work.resolve("state");
    data = Files.createDirectories(work.resolve("data"));
    Files.writeString(data.resolve("exam.json"), "{\"schema_version\": 1}");
    Files.writeString(
        policies.resolve("demo.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: demo}
        spec:
          target: local
          targets:
            local: {path: %s}
          sources: [{path: %s, domain: raw}]
        ---
        apiVersion: bulwark.dev/v1alpha1
        kind: RestoreDrill
        metadata: {name: weekly}
        spec: {policyRef: demo, level: L1}
        """
            .formatted(work.resolve("repository"), data));
  }

  private List<CommandLine> everyCommand() {
    List<CommandLine> all = new ArrayList<>();
    collect(Bulwark.commandLine(), all);
    return all;
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    command.getSubcommands().values().forEach(sub -> collect(sub, into));
  }

  @Test
  void helpSummariesAreWholeSentencesWithoutRequirementIds() {
    for (CommandLine command : everyCommand()) {
      String name = command.getCommandSpec().qualifiedName();
      // The list of commands shows the header's first line, else the description's.
      String[] header = command.getCommandSpec().usageMessage().header();
      String[] description = command.getCommandSpec().usageMessage().description();
      String summary = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
      assertThat(summary)
          .as("the summary of %s", name)
          .matches("[A-Z].*\\.")
          .hasSizeLessThanOrEqualTo(78);
      assertThat(REQUIREMENT_ID.matcher(command.getUsageMessage()).find())
          .as("the help of %s names a requirement id: %s", name, command.getUsageMessage())
          .isFalse();
    }
  }

  @Test
  void everyCommandTakesTheLoggingOptions() {
    for (CommandLine command : everyCommand()) {
      for (String option : List.of("--quiet", "-q", "--verbose", "-v", "--log-format")) {
        assertThat(command.getCommandSpec().findOption(option))
            .as("%s %s", command.getCommandSpec().qualifiedName(), option)
            .isNotNull();
      }
    }
  }

  @Test
  void badInputToAnyCommandIsOneLineAndExitTwo() {
    String p = policies.toString();
    String s = state.toString();
    String to = work.resolve("restored").toString();
    List<List<String>> cases =
        List.of(
            List.of("no-such-command"),
            List.of("--log-format", "xml", "status", "--state", s),
            List.of("status", "--state", s, "--quiet", "--verbose"),
            List.of("run", "--policies", work.resolve("nowhere").toString(), "--state", s),
            List.of("run", "--http-port", "70000"),
            List.of("operator", "--http-port", "not-a-port"),
            List.of("validate"),
            List.of("validate", work.resolve("nowhere").toString()),
            List.of("status", "--state", work.resolve("nowhere").toString()),
            List.of("status", "--bogus"),
            List.of("gate", "check", "--state", work.resolve("nowhere").toString()),
            List.of("gate", "check", "--bogus"),
            List.of("backup", "--policies", p, "--state", s),
            List.of("backup", "--policies", p, "--state", s, "--policy", "nope"),
            List.of(
                "backup",
                "--policies",
                p,
                "--state",
                s,
                "--policy",
                "demo",
                "--snapshot-type",
                "weekly"),
            List.of("backup", "--policies", p, "--state", s, "--policy", "demo", "--target", "ftp"),
            List.of("snapshots", "--policies", p, "--state", s, "--policy", "nope"),
            List.of(
                "restore",
                "--policies",
                p,
                "--state",
                s,
                "--policy",
                "demo",
                "--snapshot",
                "nope",
                "--to",
                to),
            List.of(
                "restore",
                "--policies",
                p,
                "--state",
                s,
                "--policy",
                "demo",
                "--at",
                "yesterday",
                "--to",
                to),
            List.of("restore", "--policies", p, "--state", s, "--policy", "demo"),
            List.of(
                "verify", "--policies", p, "--state", s, "--policy", "demo", "--sample", "lots"),
            List.of("prune", "--policies", p, "--state", s, "--policy", "nope"),
            List.of("drill", "--policies", p, "--state", s, "--drill", "nope"),
            List.of("lifecycle", "--policies", p, "--state", s, "--policy", "nope"),
            List.of("migrate", "--policies", p, "--state", s, "--plan", "nope"),
            List.of("replay", "--policies", p, "--state", s, "--plan", "nope"),
            List.of(
                "backfill",
                "--policies",
                p,
                "--state",
                s,
                "--plan",
                "nope",
                "--window",
                "tomorrow"),
            List.of(
                "execute",
                "backup",
                "--from-env",
                "BULWARK_TEST_NEVER_SET",
                "--state",
                s,
                "--result-file",
                work.resolve("termination-log").toString()),
            List.of(
                "execute",
                "drill",
                "--from-env",
                "BULWARK_TEST_NEVER_SET",
                "--state",
                s,
                "--result-file",
                work.resolve("termination-log").toString()),
            List.of("execute", "restore"),
            List.of("completion", "fish"),
            List.of("help", "nope"));
    for (List<String> args : cases) {
      Run run = InProcess.run(args.toArray(String[]::new));
      String command = "bulwark " + String.join(" ", args);
      assertThat(run.exit()).as("%s exits 2; stderr: %s", command, run.err()).isEqualTo(2);
      assertThat(run.errLines()).as("%s prints one line on stderr", command).hasSize(1);
      assertThat(run.err())
          .as(command)
          .startsWith("bulwark")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aRefusedRestoreNamesTheForceOption() throws IOException {
    assertThat(
            InProcess.run(
                    "backup",
                    "--policies",
                    policies.toString(),
                    "--state",
                    state.toString(),
                    "--policy",
                    "demo")
                .exit())
        .isZero();
    Path occupied = Files.createDirectories(work.resolve("occupied"));
    Run restore =
        InProcess.run(
            "restore",
            "--policies",
            policies.toString(),
            "--state",
            state.toString(),
            "--policy",
            "demo",
            "--to",
            occupied.toString());
    assertThat(restore.exit()).isZero();

    Run again =
        InProcess.run(
            "restore",
            "--policies",
            policies.toString(),
            "--state",
            state.toString(),
            "--policy",
            "demo",
            "--to",
            occupied.toString());

    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("pass --force to replace them").doesNotContain("pass force");
  }

  @Test
  void validateJsonListsEachFindingByField() throws IOException {
    Files.writeString(
        policies.resolve("broken.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: broken}
        spec:
          target: ftp
          sources: [{path: /data, domain: raw}]
        """);

    Run run = InProcess.run("validate", "--json", policies.toString());

    assertThat(run.exit()).isEqualTo(1);
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("resources").asInt()).isEqualTo(3);
    assertThat(report.get("errors").asInt()).isEqualTo(1);
    JsonNode finding = report.get("findings").get(0);
    assertThat(finding.get("file").asText()).endsWith("broken.yaml");
    assertThat(finding.get("line").asInt()).isEqualTo(5);
    assertThat(finding.get("severity").asText()).isEqualTo("error");
    assertThat(finding.get("kind").asText()).isEqualTo("BackupPolicy");
    assertThat(finding.get("name").asText()).isEqualTo("broken");
    assertThat(finding.get("field").asText()).isEqualTo("spec.target");
    assertThat(finding.get("message").asText()).contains("ftp");
  }

  @Test
  void bashCompletesCommandsOptionsAndValues() throws Exception {
    Path script = work.resolve("bulwark.bash");
    Run completion = InProcess.run("completion", "bash");
    assertThat(completion.exit()).isZero();
    Files.writeString(script, completion.out());

    assertThat(complete(script, "bulwark re"))
        .contains("restore", "replay")
        .doesNotContain("backup");
    assertThat(complete(script, "bulwark backup --snap")).contains("--snapshot-type");
    assertThat(complete(script, "bulwark backup --target ")).contains("local", "s3", "oss");
    assertThat(complete(script, "bulwark execute ")).contains("backup", "drill");
    assertThat(complete(script, "bulwark execute backup --res")).contains("--result-file");
  }

  @Test
  void zshLoadsTheCompletionForBulwark() throws Exception {
    Path script = work.resolve("bulwark.zsh");
    Run completion = InProcess.run("completion", "zsh");
    assertThat(completion.exit()).isZero();
    Files.writeString(script, completion.out());
    Path zsh = Path.of("/usr/bin/zsh");
    if (!Files.isExecutable(zsh)) {
      // Debian's zsh package; CI installs it. The script is bash's with bashcompinit in front.
      assertThat(completion.out())
          .startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit");
      return;
    }

    String bound =
        shell(
            zsh.toString(),
            "-c",
            "HOME="
                + work
                + "; source "
                + script
                + " >/dev/null 2>&1; print -r -- ${_comps[bulwark]}");

    assertThat(bound.strip()).isNotEmpty();
  }

  /** What bash offers for the last word of {@code line}, with the script sourced. */
  private String complete(Path script, String line) throws Exception {
    String[] words = line.split(" ", -1);
    String array =
        String.join(" ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList());
    return shell(
        "bash",
        "-c",
        "source "
            + script
            + "; COMP_WORDS=("
            + array
            + "); COMP_CWORD="
            + (words.length - 1)
            + "; COMP_LINE='"
            + line
            + "'; COMP_POINT="
            + line.length()
            + "; _complete_bulwark; printf '%s\\n' \"${COMPREPLY[@]}\"");
  }

  private static String shell(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
