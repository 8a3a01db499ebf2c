package dev.bulwark.core.replay;

import dev.bulwark.core.RecordFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans a replay: for each partition of the window, what exists, what is missing and what the run
 * will do about it (seed 003's plan record). Planning reads the inputs and the published outputs
 * and writes nothing but the plan records.
 */
final class ReplayPlanner {
  /**
   * Proposed when the partition's outputs of this version exist without a finished run of the
   * guard.
   */
  static final String REFUSE = "refuse";

  private final ReplayPaths paths;
  private final Clock clock;

  ReplayPlanner(ReplayPaths paths, Clock clock) {
    this.paths = paths;
    this.clock = clock;
  }

  /** The plan record of every day in {@code days}, each written to its report path. */
  List<PlanRecord> plan(
      ReplaySettings settings,
      ReplayAction action,
      List<String> days,
      PartitionIndex index,
      String upstream,
      String operator)
      throws IOException {
    List<PlanRecord> records = new ArrayList<>();
    Instant now = clock.instant();
    for (String day : days) {
      PlanRecord record =
          planOne(settings, action, day, index.inputs(day).size(), upstream, operator, now);
      RecordFolder.writeFile(Path.of(record.reportPath()), record);
      records.add(record);
    }
    return records;
  }

  private PlanRecord planOne(
      ReplaySettings settings,
      ReplayAction action,
      String day,
      int inputs,
      String upstream,
      String operator,
      Instant now)
      throws IOException {
    Path published = settings.outputRoot().resolve(day);
    int outputs = Files.isDirectory(published) ? FileDigest.tree(published).size() : 0;
    String guard = settings.guard(day);
    Optional<PartitionEvidence> evidence =
        RecordFolder.readFile(
                paths.evidence(settings.namespace(), settings.plan(), day), PartitionEvidence.class)
            .filter(
                e ->
                    PartitionEvidence.DONE.equals(e.state()) && guard.equals(e.idempotencyGuard()));
    String gap;
    String proposed;
    if (inputs == 0) {
      gap = "no raw inputs for this partition";
      proposed = PlanRecord.SKIP;
    } else if (evidence.isPresent() && Files.isDirectory(published)) {
      gap = "none: done with guard " + guard + " by run " + evidence.get().runId();
      proposed = PlanRecord.SKIP;
    } else if (Files.exists(published) && action == ReplayAction.BACKFILL) {
      gap =
          "none: "
              + outputs
              + " output file(s) of "
              + settings.analyzerVersion()
              + " already present";
      proposed = PlanRecord.SKIP;
    } else if (Files.exists(published)) {
      gap =
          "outputs of analyzer version "
              + settings.analyzerVersion()
              + " are already published at "
              + published
              + " and are never overwritten; set a new analyzerVersion to recompute";
      proposed = REFUSE;
    } else {
      gap =
          "no outputs of analyzer version "
              + settings.analyzerVersion()
              + " for "
              + inputs
              + " input(s)";
      proposed = PlanRecord.REPLAY;
    }
    List<String> impact = new ArrayList<>();
    if (proposed.equals(PlanRecord.REPLAY)) {
      impact.add(
          "publishes the new folder "
              + published
              + "; published outputs of other versions are not changed");
      settings
          .compareWith()
          .ifPresent(
              old ->
                  impact.add(
                      "compared with " + old + " at " + settings.outputRoot(old).resolve(day)));
    } else {
      impact.add("none");
    }
    LocalDate date = LocalDate.parse(day);
    return new PlanRecord(
        settings.plan(),
        day,
        date.atStartOfDay(ZoneOffset.UTC).toInstant(),
        date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
        action.wireName(),
        upstream,
        inputs,
        outputs,
        gap,
        proposed,
        guard,
        impact,
        operator,
        List.of(published.toString()),
        paths.planRecord(settings.namespace(), settings.plan(), day).toString(),
        now);
  }
}
