package dev.bulwark.core.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.api.replay.PartitionKeySource;
import dev.bulwark.api.replay.ReplayChecks;
import dev.bulwark.api.replay.ReplayMode;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.api.replay.ReplayPlanSpec;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A ReplayPlan's spec with its defaults applied and its templates ready to fill: what the planner
 * and the runner read instead of the nullable API model.
 *
 * @param plan the plan's name
 * @param namespace its namespace on Kubernetes
 * @param argv the analyzer program and arguments, with {input}, {output} and {partition} unfilled
 * @param analyzerVersion the analyzer version
 * @param config the analyzer configuration (may be null)
 * @param inputRoot the absolute root of the raw inputs
 * @param globs the input globs relative to the root
 * @param fromSnapshot a snapshot job id or RFC 3339 time, when inputs come from a snapshot
 * @param by where partition keys come from
 * @param segment the path segment of the key (by pathSegment)
 * @param field the field of the key (by field)
 * @param start the first partition of the window
 * @param end the last partition of the window
 * @param outputTemplate the output root, containing {analyzerVersion}
 * @param mode dry-run or apply
 * @param guardTemplate the idempotency guard with {analyzerVersion} and {partition} unfilled
 * @param checks the output checks (never null)
 * @param compareWith an earlier analyzer version to compare with
 */
public record ReplaySettings(
    String plan,
    Optional<String> namespace,
    List<String> argv,
    String analyzerVersion,
    JsonNode config,
    Path inputRoot,
    List<String> globs,
    Optional<String> fromSnapshot,
    PartitionKeySource by,
    int segment,
    String field,
    LocalDate start,
    LocalDate end,
    String outputTemplate,
    ReplayMode mode,
    String guardTemplate,
    ReplayChecks checks,
    Optional<String> compareWith) {

  /** The placeholder of the analyzer version in the output root and the guard. */
  public static final String VERSION = "{analyzerVersion}";

  /** The placeholder of the partition key in the guard and the argv. */
  public static final String PARTITION = "{partition}";

  /**
   * The settings of {@code resource}.
   *
   * @throws ReplayPlanException when a field the run needs is missing or malformed
   */
  public static ReplaySettings of(ReplayPlan resource) throws ReplayPlanException {
    ReplayPlanSpec spec = resource.getSpec();
    String name = resource.getRef().name();
    if (name == null || name.isBlank()) {
      throw new ReplayPlanException("metadata.name: required");
    }
    if (spec == null) {
      throw new ReplayPlanException("spec: required");
    }
    if (spec.getAnalyzer() == null
        || spec.getAnalyzer().getArgv() == null
        || spec.getAnalyzer().getArgv().isEmpty()) {
      throw new ReplayPlanException(
          "spec.analyzer.argv: required; the analyzer program and its arguments");
    }
    String version =
        required(spec.getAnalyzer().getAnalyzerVersion(), "spec.analyzer.analyzerVersion");
    if (spec.getInputs() == null) {
      throw new ReplayPlanException("spec.inputs: required; root and paths of the raw data");
    }
    Path root = absolute(spec.getInputs().getRoot(), "spec.inputs.root");
    if (spec.getInputs().getPaths() == null || spec.getInputs().getPaths().isEmpty()) {
      throw new ReplayPlanException(
          "spec.inputs.paths: required; globs below spec.inputs.root, e.g. **/*.csv");
    }
    if (spec.getPartition() == null || spec.getPartition().getWindow() == null) {
      throw new ReplayPlanException(
          "spec.partition.window: required; start and end days (yyyy-MM-dd)");
    }
    LocalDate start =
        day(spec.getPartition().getWindow().getStart(), "spec.partition.window.start");
    LocalDate end = day(spec.getPartition().getWindow().getEnd(), "spec.partition.window.end");
    if (end.isBefore(start)) {
      throw new ReplayPlanException(
          "spec.partition.window: end " + end + " is before start " + start);
    }
    PartitionKeySource by =
        spec.getPartition().getBy() == null
            ? PartitionKeySource.PATH_SEGMENT
            : spec.getPartition().getBy();
    int segment = spec.getPartition().getSegment() == null ? 0 : spec.getPartition().getSegment();
    if (by == PartitionKeySource.FIELD) {
      required(spec.getPartition().getField(), "spec.partition.field");
    }
    if (spec.getOutput() == null) {
      throw new ReplayPlanException(
          "spec.output.root: required; e.g. /data/derived/{analyzerVersion}");
    }
    String output = required(spec.getOutput().getRoot(), "spec.output.root");
    if (!output.contains(VERSION)) {
      throw new ReplayPlanException(
          "spec.output.root: must contain "
              + VERSION
              + " so versions never share outputs, e.g. /data/derived/{analyzerVersion}");
    }
    absolute(output.replace(VERSION, version), "spec.output.root");
    String guard =
        spec.getIdempotencyGuard() == null || spec.getIdempotencyGuard().isBlank()
            ? VERSION + "/" + PARTITION
            : spec.getIdempotencyGuard();
    Optional<String> namespace =
        Optional.ofNullable(resource.getRef().namespace()).filter(n -> !n.isBlank());
    return new ReplaySettings(
        name,
        namespace,
        List.copyOf(spec.getAnalyzer().getArgv()),
        version,
        spec.getAnalyzer().getConfig(),
        root,
        List.copyOf(spec.getInputs().getPaths()),
        Optional.ofNullable(spec.getInputs().getFromSnapshot()).filter(s -> !s.isBlank()),
        by,
        segment,
        spec.getPartition().getField(),
        start,
        end,
        output,
        spec.getMode() == null ? ReplayMode.DRY_RUN : spec.getMode(),
        guard,
        spec.getChecks() == null ? new ReplayChecks() : spec.getChecks(),
        Optional.ofNullable(spec.getCompareWith()).filter(s -> !s.isBlank()));
  }

  /** The published root of analyzer version {@code version}. */
  public Path outputRoot(String version) {
    return Path.of(outputTemplate.replace(VERSION, version));
  }

  /** The published root of this plan's analyzer version. */
  public Path outputRoot() {
    return outputRoot(analyzerVersion);
  }

  /** The idempotency guard of {@code partition}. */
  public String guard(String partition) {
    return guardTemplate.replace(VERSION, analyzerVersion).replace(PARTITION, partition);
  }

  /** The days of the window from {@code first} to {@code last}, inclusive. */
  public static List<String> days(LocalDate first, LocalDate last) {
    List<String> days = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      days.add(d.toString());
    }
    return days;
  }

  /** Parses a day of a window; the message names {@code field}. */
  public static LocalDate day(String text, String field) throws ReplayPlanException {
    if (text == null || text.isBlank()) {
      throw new ReplayPlanException(field + ": required; a day as yyyy-MM-dd");
    }
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new ReplayPlanException(field + ": '" + text + "' is not a day as yyyy-MM-dd");
    }
  }

  private static String required(String value, String field) throws ReplayPlanException {
    if (value == null || value.isBlank()) {
      throw new ReplayPlanException(field + ": required");
    }
    return value;
  }

  private static Path absolute(String value, String field) throws ReplayPlanException {
    required(value, field);
    Path path = Path.of(value);
    if (!path.isAbsolute()) {
      throw new ReplayPlanException(field + ": '" + value + "' must be an absolute path");
    }
    return path.normalize();
  }
}
