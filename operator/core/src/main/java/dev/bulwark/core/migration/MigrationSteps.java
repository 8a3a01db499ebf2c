package dev.bulwark.core.migration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.api.migration.MigrationPlanSpec;
import dev.bulwark.api.migration.MigrationStep;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plan's steps, checked and ready to apply: each takes an object from version N to N+1, and after
 * it the object's version field says N+1 whatever the step did.
 */
final class MigrationSteps {
  private final String plan;
  private final int from;
  private final int to;
  private final Map<Integer, Step> byFromVersion = new HashMap<>();

  private MigrationSteps(String plan, int from, int to) {
    this.plan = plan;
    this.from = from;
    this.to = to;
  }

  /** The steps of {@code spec}, or why they cannot run. */
  static MigrationSteps compile(String plan, MigrationPlanSpec spec) throws PlanException {
    if (spec.getFrom() == null || spec.getTo() == null || spec.getFrom() >= spec.getTo()) {
      throw new PlanException(
          "spec.from and spec.to: need from < to, got " + spec.getFrom() + " and " + spec.getTo());
    }
    MigrationSteps steps = new MigrationSteps(plan, spec.getFrom(), spec.getTo());
    List<MigrationStep> declared = spec.getSteps() == null ? List.of() : spec.getSteps();
    for (int i = 0; i < declared.size(); i++) {
      MigrationStep step = declared.get(i);
      String at = "spec.steps[" + i + "]";
      if (step == null
          || step.getFrom() == null
          || step.getTo() == null
          || step.getTo() != step.getFrom() + 1) {
        throw new PlanException(at + ": needs from and to = from + 1");
      }
      boolean hasOps = step.getOperations() != null && !step.getOperations().isEmpty();
      boolean hasCommand = step.getCommand() != null && !step.getCommand().isEmpty();
      if (hasOps == hasCommand) {
        throw new PlanException(at + ": set exactly one of operations and command");
      }
      Step compiled =
          hasOps
              ? new Step(
                  step.getFrom(), new DocumentEdits(step.getOperations(), at + ".operations"), null)
              : new Step(step.getFrom(), null, new StepCommand(step.getCommand(), timeout(step)));
      if (steps.byFromVersion.put(step.getFrom(), compiled) != null) {
        throw new PlanException(at + ": a second step from version " + step.getFrom());
      }
    }
    for (int v = steps.from; v < steps.to; v++) {
      if (!steps.byFromVersion.containsKey(v)) {
        throw new PlanException("spec.steps: no step from version " + v + " to " + (v + 1));
      }
    }
    return steps;
  }

  private static Duration timeout(MigrationStep step) {
    Integer seconds = step.getTimeoutSeconds();
    return seconds == null || seconds < 1
        ? StepCommand.DEFAULT_TIMEOUT
        : Duration.ofSeconds(seconds);
  }

  int from() {
    return from;
  }

  int to() {
    return to;
  }

  /** Reads {@code bytes} as {@code object} and says where it stands. */
  Inspection inspect(SelectedObject object, byte[] bytes) throws ObjectMigrationException {
    ObjectNode document = DocumentCodec.read(object.format(), bytes);
    Optional<Integer> version = new VersionField(object.versionField()).read(document);
    Integer effective = version.orElse(object.missingVersion());
    ObjectState state;
    if (effective == null) {
      state = ObjectState.UNVERSIONED;
    } else if (effective >= to) {
      state = ObjectState.UP_TO_DATE;
    } else if (effective < from) {
      state = ObjectState.OLDER_THAN_FROM;
    } else {
      state = ObjectState.TO_MIGRATE;
    }
    return new Inspection(document, effective, state);
  }

  /**
   * Migrates an object at a version in [from, to) to {@code to}.
   *
   * @param workDir a scratch directory for commands' working copies
   */
  Migrated migrate(SelectedObject object, byte[] bytes, Path workDir, Instant now)
      throws ObjectMigrationException {
    Inspection inspection = inspect(object, bytes);
    if (inspection.state() != ObjectState.TO_MIGRATE) {
      throw new ObjectMigrationException(
          "is at version " + inspection.version() + ", not in [" + from + ", " + to + ")");
    }
    VersionField field = new VersionField(object.versionField());
    ObjectNode before = inspection.document().deepCopy();
    ObjectNode document = inspection.document();
    byte[] current = bytes;
    boolean currentIsDocument = true;
    for (int v = inspection.version(); v < to; v++) {
      Step step = byFromVersion.get(v);
      String at = "step " + v + " -> " + (v + 1);
      if (step.edits() != null) {
        try {
          step.edits().apply(document, placeholders(object, now));
        } catch (ObjectMigrationException e) {
          throw new ObjectMigrationException(at + ": " + e.getMessage());
        }
      } else {
        byte[] input = currentIsDocument ? current : DocumentCodec.write(object.format(), document);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BULWARK_MIGRATION_PLAN", plan);
        env.put("BULWARK_OBJECT", object.file().toString());
        env.put("BULWARK_FROM_VERSION", Integer.toString(v));
        env.put("BULWARK_TO_VERSION", Integer.toString(v + 1));
        byte[] output;
        try {
          output = step.command().run(input, workDir.resolve(object.file().getFileName()), env);
          document = DocumentCodec.read(object.format(), output);
        } catch (ObjectMigrationException e) {
          throw new ObjectMigrationException(at + ": " + e.getMessage());
        }
      }
      field.write(document, v + 1);
      currentIsDocument = false;
    }
    byte[] result = DocumentCodec.write(object.format(), document);
    return new Migrated(result, inspection.version(), DocumentDiff.between(before, document));
  }

  private Map<String, String> placeholders(SelectedObject object, Instant now) {
    String domain = object.name().substring(0, object.name().indexOf('/'));
    return Map.of("now", now.toString(), "plan", plan, "object", object.name(), "domain", domain);
  }

  /** Where an object stands against the plan. */
  enum ObjectState {
    /** At a version in [from, to): the plan migrates it. */
    TO_MIGRATE,
    /** At {@code to} or newer: skipped. */
    UP_TO_DATE,
    /** Older than {@code from}: reported, left alone. */
    OLDER_THAN_FROM,
    /** Without a version field and no missingVersion: reported, left alone. */
    UNVERSIONED
  }

  /** An object read and placed against the plan. */
  record Inspection(ObjectNode document, Integer version, ObjectState state) {}

  /** A migrated object's new bytes and what changed. */
  record Migrated(byte[] bytes, int fromVersion, DocumentDiff diff) {}

  private record Step(int from, DocumentEdits edits, StepCommand command) {}
}
