package dev.bulwark.core.replay;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.api.common.ResourceRef;
import dev.bulwark.api.replay.PartitionWindow;
import dev.bulwark.api.replay.ReplayAnalyzer;
import dev.bulwark.api.replay.ReplayChecks;
import dev.bulwark.api.replay.ReplayInputs;
import dev.bulwark.api.replay.ReplayMode;
import dev.bulwark.api.replay.ReplayOutput;
import dev.bulwark.api.replay.ReplayPartitioning;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.api.replay.ReplayPlanSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The example exams (examples/replay) copied into a temporary raw tree, with plans scoring them.
 */
final class ReplayFixture {
  static final Path EXAMPLE = Path.of("../../examples/replay").toAbsolutePath().normalize();

  final Path raw;
  final Path derived;
  final Path state;

  ReplayFixture(Path tmp) throws IOException {
    raw = tmp.resolve("data/exams/raw");
    derived = tmp.resolve("data/exams/derived");
    state = tmp.resolve("state");
    copy(EXAMPLE.resolve("raw/exams"), raw);
  }

  /**
   * A plan scoring the exams of 2026-11-20..2026-11-23 with analyzer {@code version} (score-vN.sh).
   */
  ReplayPlan plan(String version, ReplayMode mode) {
    ReplayAnalyzer analyzer = new ReplayAnalyzer();
    analyzer.setArgv(
        List.of(
            "sh",
            EXAMPLE.resolve("analyzers/score-" + version + ".sh").toString(),
            "{input}",
            "{output}"));
    analyzer.setAnalyzerVersion(version);
    ObjectNode config =
        JsonNodeFactory.instance.objectNode().put("questions", 4).put("points_per_question", 25);
    analyzer.setConfig(config);
    ReplayInputs inputs = new ReplayInputs();
    inputs.setRoot(raw.toString());
    inputs.setPaths(List.of("**/*.csv"));
    PartitionWindow window = new PartitionWindow();
    window.setStart("2026-11-20");
    window.setEnd("2026-11-23");
    ReplayPartitioning partition = new ReplayPartitioning();
    partition.setWindow(window);
    ReplayOutput output = new ReplayOutput();
    output.setRoot(derived.resolve("{analyzerVersion}").toString());
    ReplayChecks checks = new ReplayChecks();
    checks.setOutputExistsPerInput(true);
    checks.setParseCsv(true);
    checks.setParseJson(true);
    ReplayPlanSpec spec = new ReplayPlanSpec();
    spec.setAnalyzer(analyzer);
    spec.setInputs(inputs);
    spec.setPartition(partition);
    spec.setOutput(output);
    spec.setMode(mode);
    spec.setChecks(checks);
    ReplayPlan plan = new ReplayPlan();
    plan.setRef(ResourceRef.of(ReplayPlan.KIND, "exam-scores-" + version).withGeneration(1L));
    plan.setSpec(spec);
    return plan;
  }

  ReplayRunner runner() {
    return ReplayRunner.builder(state).build();
  }

  ReplayRunRecord run(ReplayPlan plan, ReplayAction action) throws ReplayPlanException {
    return runner().run(ReplayRequest.manual(plan, Optional.empty(), action, "cli:test"));
  }

  Path evidence(ReplayPlan plan, String day) {
    return new ReplayPaths(state).evidence(Optional.empty(), plan.getRef().name(), day);
  }

  /** Every file below {@code root} with its hash: equal trees, equal maps. */
  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    if (!Files.exists(root)) {
      return tree;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        tree.put(root.relativize(f).toString(), sha256(Files.readAllBytes(f)));
      }
    }
    return tree;
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
