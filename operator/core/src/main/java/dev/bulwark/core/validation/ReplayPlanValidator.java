package dev.bulwark.core.validation;

import dev.bulwark.api.replay.PartitionKeySource;
import dev.bulwark.api.replay.PartitionWindow;
import dev.bulwark.api.replay.ReplayAnalyzer;
import dev.bulwark.api.replay.ReplayInputs;
import dev.bulwark.api.replay.ReplayPartitioning;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.api.replay.ReplayPlanSpec;
import dev.bulwark.core.Environment;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Semantic checks of a ReplayPlan: the analyzer and its version, the inputs (and the policy of
 * their snapshot), the partition window, and an output root that is versioned and outside the raw
 * inputs.
 */
public final class ReplayPlanValidator {
  /** A version becomes a folder name, so it is one safe path segment. */
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  private static final String VERSION_PLACEHOLDER = "{analyzerVersion}";

  private final PolicyReferenceChecks policyReference;

  /** A validator whose policy checks read R12 defaults from {@code environment}. */
  public ReplayPlanValidator(Environment environment) {
    this.policyReference = new PolicyReferenceChecks(new BackupPolicyValidator(environment));
  }

  /** Every finding about the plan; never throws for a bad spec. */
  public List<SpecProblem> validate(ReplayPlan plan, ResourceLookup lookup) {
    Findings findings = new Findings();
    SharedChecks.name(plan, findings);
    ReplayPlanSpec spec = plan.getSpec();
    if (spec == null) {
      findings.error("spec", "required; a ReplayPlan needs analyzer, inputs, partition and output");
      return findings.toList();
    }
    String version = analyzer(spec.getAnalyzer(), findings);
    Optional<Path> root = inputs(spec.getInputs(), findings);
    boolean fromSnapshot =
        spec.getInputs() != null
            && spec.getInputs().getFromSnapshot() != null
            && !spec.getInputs().getFromSnapshot().isBlank();
    if (fromSnapshot || (spec.getPolicyRef() != null && !spec.getPolicyRef().isBlank())) {
      policyReference.check(plan, spec.getPolicyRef(), lookup, findings);
    }
    partition(spec.getPartition(), findings);
    output(spec, version, root, findings);
    String guard = spec.getIdempotencyGuard();
    if (guard != null && !guard.contains("{partition}")) {
      findings.error(
          "spec.idempotencyGuard",
          "'"
              + guard
              + "' must contain {partition}, or every partition would"
              + " share one guard; the default is {analyzerVersion}/{partition}");
    }
    if (spec.getChecks() != null
        && spec.getChecks().getCommand() != null
        && (spec.getChecks().getCommand().isEmpty()
            || blank(spec.getChecks().getCommand().get(0)))) {
      findings.error(
          "spec.checks.command",
          "empty; give the program and its arguments, e.g. [sh, check.sh, {output}]");
    }
    String compareWith = spec.getCompareWith();
    if (compareWith != null) {
      if (!VERSION.matcher(compareWith).matches()) {
        findings.error(
            "spec.compareWith",
            "'" + compareWith + "' is not an analyzer version (letters, digits, . _ -)");
      } else if (compareWith.equals(version)) {
        findings.error(
            "spec.compareWith",
            "is the plan's own analyzerVersion; name an earlier version, e.g. v1");
      }
    }
    return findings.toList();
  }

  private static String analyzer(ReplayAnalyzer analyzer, Findings findings) {
    if (analyzer == null) {
      findings.error(
          "spec.analyzer",
          "required; argv and analyzerVersion of the program that derives outputs");
      return null;
    }
    if (analyzer.getArgv() == null
        || analyzer.getArgv().isEmpty()
        || blank(analyzer.getArgv().get(0))) {
      findings.error(
          "spec.analyzer.argv",
          "required; the program and its arguments, e.g. [sh, score.sh, {input}," + " {output}]");
    } else if (analyzer.getArgv().stream().noneMatch(a -> a != null && a.contains("{output}"))) {
      findings.warning(
          "spec.analyzer.argv",
          "no argument contains {output}; the analyzer cannot know where to write");
    }
    String version = analyzer.getAnalyzerVersion();
    if (blank(version)) {
      findings.error("spec.analyzer.analyzerVersion", "required; e.g. v2");
      return null;
    }
    if (!VERSION.matcher(version).matches()) {
      findings.error(
          "spec.analyzer.analyzerVersion",
          "'"
              + version
              + "' becomes a folder name: use letters, digits,"
              + " '.', '_' and '-' (at most 63), e.g. v2 or 2026.11-1");
      return null;
    }
    return version;
  }

  private static Optional<Path> inputs(ReplayInputs inputs, Findings findings) {
    if (inputs == null) {
      findings.error("spec.inputs", "required; root and paths of the raw data");
      return Optional.empty();
    }
    Optional<Path> root =
        absolute("spec.inputs.root", inputs.getRoot(), "/data/exams/raw", findings);
    if (inputs.getPaths() == null || inputs.getPaths().isEmpty()) {
      findings.error("spec.inputs.paths", "required; globs below spec.inputs.root, e.g. **/*.csv");
    } else {
      SharedChecks.globs("spec.inputs.paths", inputs.getPaths(), findings);
    }
    return root;
  }

  private static void partition(ReplayPartitioning partition, Findings findings) {
    if (partition == null) {
      findings.error("spec.partition", "required; at least a window of days");
      return;
    }
    if (partition.getBy() == PartitionKeySource.FIELD && blank(partition.getField())) {
      findings.error(
          "spec.partition.field", "required with by: field; a top-level JSON field or CSV column");
    }
    if (partition.getSegment() != null && partition.getSegment() < 0) {
      findings.error(
          "spec.partition.segment",
          "must be 0 or more (0 is the first folder below spec.inputs.root)");
    }
    PartitionWindow window = partition.getWindow();
    if (window == null) {
      findings.error(
          "spec.partition.window",
          "required; start and end days, e.g. {start: 2026-11-01, end:" + " 2026-11-30}");
      return;
    }
    Optional<LocalDate> start = day("spec.partition.window.start", window.getStart(), findings);
    Optional<LocalDate> end = day("spec.partition.window.end", window.getEnd(), findings);
    if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
      findings.error("spec.partition.window.end", end.get() + " is before start " + start.get());
    }
  }

  private static void output(
      ReplayPlanSpec spec, String version, Optional<Path> inputRoot, Findings findings) {
    String template = spec.getOutput() == null ? null : spec.getOutput().getRoot();
    if (blank(template)) {
      findings.error(
          "spec.output.root",
          "required; a versioned root such as /data/exams/derived/{analyzerVersion}");
      return;
    }
    if (!template.contains(VERSION_PLACEHOLDER)) {
      findings.error(
          "spec.output.root",
          "'"
              + template
              + "' must contain {analyzerVersion} so no version writes"
              + " into another's outputs, e.g. /data/exams/derived/{analyzerVersion}");
      return;
    }
    Optional<Path> root =
        absolute(
            "spec.output.root",
            template.replace(VERSION_PLACEHOLDER, version == null ? "v" : version),
            "/data/exams/derived/{analyzerVersion}",
            findings);
    if (root.isPresent()
        && inputRoot.isPresent()
        && (root.get().startsWith(inputRoot.get()) || inputRoot.get().startsWith(root.get()))) {
      findings.error(
          "spec.output.root",
          "overlaps spec.inputs.root "
              + inputRoot.get()
              + "; derived outputs must live outside the raw inputs");
    }
  }

  private static Optional<Path> absolute(
      String field, String value, String example, Findings findings) {
    if (blank(value)) {
      findings.error(field, "required; an absolute path such as " + example);
      return Optional.empty();
    }
    Optional<Path> path = SharedChecks.path(field, value, findings);
    if (path.isPresent() && !path.get().isAbsolute()) {
      findings.error(field, "'" + value + "' must be an absolute path, e.g. " + example);
      return Optional.empty();
    }
    return path.map(Path::normalize);
  }

  private static Optional<LocalDate> day(String field, String text, Findings findings) {
    if (blank(text)) {
      findings.error(field, "required; a day as yyyy-MM-dd");
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text.trim()));
    } catch (DateTimeParseException e) {
      findings.error(field, "'" + text + "' is not a day as yyyy-MM-dd");
      return Optional.empty();
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
