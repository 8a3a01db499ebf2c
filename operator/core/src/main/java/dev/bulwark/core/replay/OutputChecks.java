package dev.bulwark.core.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.replay.ReplayChecks;
import dev.bulwark.core.replay.PartitionEvidence.CheckResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checks a partition's outputs pass before they are published: always at least one output, then
 * those the plan asks for (an output per input, JSON and CSV parse, a command).
 */
final class OutputChecks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int NAMED = 5;

  private final ReplayChecks checks;
  private final Duration timeout;

  OutputChecks(ReplayChecks checks, Duration timeout) {
    this.checks = checks;
    this.timeout = timeout;
  }

  /**
   * Runs every check on the outputs in {@code outputDir} of the inputs staged in {@code inputDir}.
   */
  List<CheckResult> run(
      Path inputDir, List<String> inputs, Path outputDir, String partition, Path workDir)
      throws IOException {
    List<FileDigest> outputs = FileDigest.tree(outputDir);
    List<CheckResult> results = new ArrayList<>();
    results.add(
        new CheckResult("outputsPresent", !outputs.isEmpty(), outputs.size() + " output file(s)"));
    if (Boolean.TRUE.equals(checks.getOutputExistsPerInput())) {
      List<String> missing = new ArrayList<>();
      for (String input : inputs) {
        String base = baseName(input);
        if (outputs.stream().noneMatch(o -> baseName(o.path()).startsWith(base))) {
          missing.add(input);
        }
      }
      results.add(
          new CheckResult(
              "outputExistsPerInput",
              missing.isEmpty(),
              missing.isEmpty()
                  ? "every one of " + inputs.size() + " input(s) has an output"
                  : missing.size() + " input(s) without an output: " + first(missing)));
    }
    if (Boolean.TRUE.equals(checks.getParseJson())) {
      results.add(parse("parseJson", outputDir, outputs, ".json", text -> JSON.readTree(text)));
    }
    if (Boolean.TRUE.equals(checks.getParseCsv())) {
      results.add(parse("parseCsv", outputDir, outputs, ".csv", CsvTable::parse));
    }
    if (checks.getCommand() != null && !checks.getCommand().isEmpty()) {
      try {
        new AnalyzerCommand(checks.getCommand(), timeout)
            .run(
                inputDir,
                outputDir,
                partition,
                workDir,
                Map.of("BULWARK_REPLAY_PARTITION", partition));
        results.add(
            new CheckResult("command", true, String.join(" ", checks.getCommand()) + " exited 0"));
      } catch (ReplayPlanException e) {
        results.add(new CheckResult("command", false, e.getMessage()));
      }
    }
    return results;
  }

  private interface Parser {
    Object parse(String text) throws IOException;
  }

  private static CheckResult parse(
      String name, Path dir, List<FileDigest> outputs, String suffix, Parser parser) {
    List<String> bad = new ArrayList<>();
    int checked = 0;
    for (FileDigest output : outputs) {
      if (!output.path().endsWith(suffix)) {
        continue;
      }
      checked++;
      try {
        parser.parse(Files.readString(dir.resolve(output.path()), StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        bad.add(output.path() + " (" + e.getMessage().lines().findFirst().orElse("") + ")");
      }
    }
    return new CheckResult(
        name,
        bad.isEmpty(),
        bad.isEmpty()
            ? checked + " " + suffix + " file(s) parse"
            : bad.size()
                + " of "
                + checked
                + " "
                + suffix
                + " file(s) do not parse: "
                + first(bad));
  }

  private static String baseName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static String first(List<String> items) {
    return String.join(", ", items.subList(0, Math.min(NAMED, items.size())))
        + (items.size() > NAMED ? " and " + (items.size() - NAMED) + " more" : "");
  }
}
