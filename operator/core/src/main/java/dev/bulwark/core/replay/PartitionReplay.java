package dev.bulwark.core.replay;

import dev.bulwark.core.RecordFolder;
import dev.bulwark.core.replay.PartitionEvidence.CheckResult;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays one partition: stage its inputs read-only, run the analyzer into {@code <output
 * root>/.tmp-<partition>}, record the analyzer version and configuration beside the outputs, run
 * the checks, then publish by an atomic rename (never over an existing folder) or discard. Writes
 * the evidence, and the comparison when the plan names an earlier version.
 */
final class PartitionReplay {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionReplay.class);

  private final ReplaySettings settings;
  private final ReplayPaths paths;
  private final Clock clock;
  private final Duration timeout;

  PartitionReplay(ReplaySettings settings, ReplayPaths paths, Clock clock, Duration timeout) {
    this.settings = settings;
    this.paths = paths;
    this.clock = clock;
    this.timeout = timeout;
  }

  /**
   * Runs the partition {@code day} from {@code inputs} under {@code inputRoot}; never throws for
   * its failures.
   */
  PartitionEvidence run(
      String runId,
      String day,
      Path inputRoot,
      List<String> inputs,
      String upstream,
      Path scratch) {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    Map<String, Long> durations = new LinkedHashMap<>();
    Path root = settings.outputRoot();
    Path temporary = root.resolve(".tmp-" + day);
    Path published = root.resolve(day);
    Path stage = scratch.resolve("inputs-" + day);
    AnalyzerCommand analyzer = new AnalyzerCommand(settings.argv(), timeout);
    List<String> argv = analyzer.filled(stage, temporary, day);
    List<FileDigest> staged = List.of();
    List<FileDigest> outputs = List.of();
    List<CheckResult> checks = List.of();
    String error = null;
    String comparison = null;
    boolean done = false;
    try {
      staged = StagedInputs.stage(inputRoot, inputs, stage);
      durations.put("stage", millis(t0));
      StagedInputs.delete(temporary);
      Files.createDirectories(temporary);
      long t1 = System.nanoTime();
      analyzer.run(
          stage,
          temporary,
          day,
          scratch,
          Map.of(
              "BULWARK_REPLAY_PLAN",
              settings.plan(),
              "BULWARK_REPLAY_PARTITION",
              day,
              "BULWARK_ANALYZER_VERSION",
              settings.analyzerVersion()));
      durations.put("analyzer", millis(t1));
      if (!StagedInputs.rehash(stage, staged).equals(staged)) {
        throw new ReplayPlanException("the analyzer changed its read-only inputs");
      }
      writeSideFiles(temporary, runId, day, upstream, argv);
      long t2 = System.nanoTime();
      checks =
          new OutputChecks(settings.checks(), timeout).run(stage, inputs, temporary, day, scratch);
      durations.put("checks", millis(t2));
      outputs = FileDigest.tree(temporary);
      List<CheckResult> failed = checks.stream().filter(c -> !c.passed()).toList();
      if (!failed.isEmpty()) {
        throw new ReplayPlanException(
            "check "
                + failed.get(0).name()
                + " failed: "
                + failed.get(0).detail()
                + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more)" : "")
                + "; outputs not published");
      }
      long t3 = System.nanoTime();
      publish(temporary, published);
      durations.put("publish", millis(t3));
      outputs = FileDigest.tree(published);
      done = true;
      if (settings.compareWith().isPresent()) {
        comparison = compare(day, published);
      }
    } catch (ReplayPlanException e) {
      error = e.getMessage();
    } catch (IOException | RuntimeException e) {
      error = "partition " + day + " failed: " + e;
      LOG.warn("ReplayPlan/{}: {}", settings.plan(), error);
    } finally {
      if (!done) {
        discard(temporary);
      }
    }
    durations.put("total", millis(t0));
    PartitionEvidence evidence =
        new PartitionEvidence(
            settings.plan(),
            day,
            runId,
            done ? PartitionEvidence.DONE : PartitionEvidence.FAILED,
            settings.analyzerVersion(),
            settings.guard(day),
            upstream,
            argv,
            staged,
            outputs,
            checks,
            done ? published.toString() : null,
            comparison,
            error,
            durations,
            started,
            clock.instant());
    RecordFolder.writeFile(paths.evidence(settings.namespace(), settings.plan(), day), evidence);
    return evidence;
  }

  /** Where the evidence of {@code day} is written. */
  String evidenceFile(String day) {
    return paths.evidence(settings.namespace(), settings.plan(), day).toString();
  }

  private void writeSideFiles(
      Path temporary, String runId, String day, String upstream, List<String> argv) {
    Map<String, Object> analyzer = new LinkedHashMap<>();
    analyzer.put("analyzer_version", settings.analyzerVersion());
    analyzer.put("argv", argv);
    analyzer.put("plan", settings.plan());
    analyzer.put("partition", day);
    analyzer.put("run_id", runId);
    analyzer.put("idempotency_guard", settings.guard(day));
    analyzer.put("upstream_manifest", upstream);
    Path side = temporary.resolve(FileDigest.SIDE_FOLDER);
    RecordFolder.writeFile(side.resolve("analyzer.json"), analyzer);
    if (settings.config() != null) {
      RecordFolder.writeFile(side.resolve("config.json"), settings.config());
    }
  }

  /** Renames the checked folder into place; an existing published folder is never replaced. */
  private static void publish(Path temporary, Path published)
      throws IOException, ReplayPlanException {
    if (Files.exists(published)) {
      throw new ReplayPlanException(published + " appeared during the run; it is left as it is");
    }
    try {
      Files.move(temporary, published, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new ReplayPlanException(
          "cannot publish " + published + " atomically: " + e.getMessage());
    } catch (FileAlreadyExistsException e) {
      throw new ReplayPlanException(published + " appeared during the run; it is left as it is");
    }
  }

  private String compare(String day, Path published) throws IOException {
    String old = settings.compareWith().orElseThrow();
    ComparisonReport report =
        OutputComparison.compare(
            settings.plan(),
            day,
            old,
            settings.outputRoot(old).resolve(day),
            settings.analyzerVersion(),
            published,
            clock.instant());
    Path file = paths.comparison(settings.namespace(), settings.plan(), day);
    RecordFolder.writeFile(file, report);
    return file.toString();
  }

  private void discard(Path temporary) {
    try {
      StagedInputs.delete(temporary);
    } catch (IOException e) {
      LOG.warn(
          "ReplayPlan/{}: cannot remove the unpublished outputs {}: {}",
          settings.plan(),
          temporary,
          e.getMessage());
    }
  }

  private static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
