package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bulwark replay} and {@code bulwark backfill} in-process over the example exams. */
class ReplayCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLE = Path.of("../../examples/replay").toAbsolutePath().normalize();

  @TempDir Path work;
  private Path policies;
  private Path state;
  private Path raw;
  private Path derived;

  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void examsAndAPlan() throws IOException {
    policies = Files.createDirectories(work.resolve("policies"));
    state = work.resolve("state");
    raw = work.resolve("exams/raw");
    derived = work.resolve("exams/derived");
    try (Stream<Path> files = Files.walk(EXAMPLE.resolve("raw/exams"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path copy = raw.resolve(EXAMPLE.resolve("raw/exams").relativize(f).toString());
        Files.createDirectories(copy.getParent());
        Files.copy(f, copy);
      }
    }
    Files.writeString(
        policies.resolve("replay.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: ReplayPlan
        metadata: {name: exam-scores-v1}
        spec:
          analyzer:
            argv: [sh, %s, "{input}", "{output}"]
            analyzerVersion: v1
          inputs: {root: %s, paths: ["*/*.csv"]}
          partition:
            window: {start: "2026-11-20", end: "2026-11-23"}
          output: {root: "%s/{analyzerVersion}"}
          mode: apply
          checks: {outputExistsPerInput: true, parseCsv: true}
        """
            .formatted(EXAMPLE.resolve("analyzers/score-v1.sh"), raw, derived));
  }

  private Run bulwark(String command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Bulwark.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all =
        new ArrayList<>(
            List.of(command, "--policies", policies.toString(), "--state", state.toString()));
    all.addAll(List.of(args));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void aDryRunPlansThenAnApplyPublishesAndARerunSkips() throws IOException {
    Run dry = bulwark("replay", "--plan", "exam-scores-v1", "--dry-run");
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains("2026-11-20 planned: no outputs of analyzer version v1")
        .contains("2026-11-22 skipped: no raw inputs");
    assertThat(derived).doesNotExist();

    Run one = bulwark("replay", "--plan", "exam-scores-v1", "--partition", "2026-11-21", "--json");
    assertThat(one.exit()).as(one.err()).isZero();
    JsonNode record = JSON.readTree(one.out());
    assertThat(record.get("action").asText()).isEqualTo("apply");
    assertThat(record.at("/partitions/0/state").asText()).isEqualTo("done");
    assertThat(derived.resolve("v1/2026-11-21/geometry-quiz.scores.csv")).exists();
    assertThat(derived.resolve("v1/2026-11-20")).doesNotExist();

    Run backfill =
        bulwark("backfill", "--plan", "exam-scores-v1", "--window", "2026-11-20..2026-11-21");
    assertThat(backfill.exit()).as(backfill.err()).isZero();
    assertThat(backfill.out()).contains("2026-11-20 done").contains("2026-11-21 skipped");
    assertThat(derived.resolve("v1/2026-11-20/algebra-midterm.scores.csv")).exists();

    Run again = bulwark("replay", "--plan", "exam-scores-v1");
    assertThat(again.out())
        .contains("2026-11-20 skipped: none: done with guard v1/2026-11-20")
        .contains("2026-11-23 done");
    assertThat(Files.readAllLines(state.resolve("audit/replay_audit.jsonl"))).hasSize(4);
  }

  @Test
  void usageErrorsExitTwoAndSayWhy() {
    Run unknown = bulwark("replay", "--plan", "nope");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no ReplayPlan named 'nope'").contains("exam-scores-v1");

    Run window =
        bulwark("backfill", "--plan", "exam-scores-v1", "--window", "2026-11-21..2026-11-20");
    assertThat(window.exit()).isEqualTo(2);
    assertThat(window.err()).contains("--window").contains("before it starts");

    Run outside = bulwark("replay", "--plan", "exam-scores-v1", "--partition", "2026-12-01");
    assertThat(outside.exit()).isEqualTo(2);
    assertThat(outside.err()).contains("outside the window");
  }
}
