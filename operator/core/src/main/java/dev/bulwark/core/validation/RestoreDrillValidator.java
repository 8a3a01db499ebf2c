package dev.bulwark.core.validation;

import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.api.drill.DrillLevel;
import dev.bulwark.api.drill.ObjectSample;
import dev.bulwark.api.drill.Objectives;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.api.drill.TimeWindow;
import dev.bulwark.core.Environment;
import dev.bulwark.core.schedule.Durations;
import dev.bulwark.core.schedule.InvalidScheduleException;
import dev.bulwark.core.schedule.ScheduleDefaults;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** Semantic checks of a RestoreDrill: its policy, level, schedule, window and objectives. */
public final class RestoreDrillValidator {
  private final PolicyReferenceChecks policyReference;

  /** A validator whose policy checks read R12 defaults from {@code environment}. */
  public RestoreDrillValidator(Environment environment) {
    this.policyReference = new PolicyReferenceChecks(new BackupPolicyValidator(environment));
  }

  /** Every finding about the drill; never throws for a bad spec. */
  public List<SpecProblem> validate(RestoreDrill drill, ResourceLookup lookup) {
    Findings findings = new Findings();
    SharedChecks.name(drill, findings);
    RestoreDrillSpec spec = drill.getSpec();
    if (spec == null) {
      findings.error("spec", "required; a RestoreDrill needs at least policyRef and level");
      return findings.toList();
    }
    policyReference.check(drill, spec.getPolicyRef(), lookup, findings);
    if (spec.getLevel() == null) {
      findings.error(
          "spec.level", "required; expected one of " + WireNames.allOf(DrillLevel.class));
    }
    Optional<ZoneId> zone =
        SharedChecks.timeZone("spec.timeZone", ScheduleDefaults.drillTimeZone(spec), findings);
    SharedChecks.cron("spec.schedule", ScheduleDefaults.drill(spec), zone, findings);
    if (spec.getTarget() != null
        && WireNames.parse(TargetProvider.class, spec.getTarget()).isEmpty()) {
      findings.error(
          "spec.target",
          "'"
              + spec.getTarget()
              + "' is not a target; expected one of "
              + WireNames.allOf(TargetProvider.class)
              + " (or leave it unset for the policy's target)");
    }
    window(spec.getLevel(), spec.getWindow(), findings);
    objects(spec.getLevel(), spec.getObjects(), findings);
    objectives(spec.getObjectives(), findings);
    if (spec.getValidators() != null
        && spec.getValidators().getCommand() != null
        && spec.getValidators().getCommand().isEmpty()) {
      findings.error(
          "spec.validators.command", "empty; expected the argv of a check run in the sandbox");
    }
    return findings.toList();
  }

  private static void window(DrillLevel level, TimeWindow window, Findings findings) {
    boolean hasAt = window != null && window.getAt() != null && !window.getAt().isBlank();
    boolean hasAgo = window != null && window.getAgo() != null && !window.getAgo().isBlank();
    if (level != DrillLevel.L2) {
      if (level != null && (hasAt || hasAgo)) {
        findings.warning("spec.window", "used by level L2 only; ignored for level " + level);
      }
      return;
    }
    if (hasAt == hasAgo) {
      findings.error(
          "spec.window",
          (hasAt ? "both at and ago are set" : "required for level L2")
              + "; set either at (an RFC 3339 time) or ago (e.g. 1h)");
      return;
    }
    if (hasAt) {
      try {
        OffsetDateTime.parse(window.getAt(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      } catch (DateTimeParseException e) {
        findings.error(
            "spec.window.at",
            "'" + window.getAt() + "' is not an RFC 3339 time; expected e.g. 2026-03-01T10:00:00Z");
      }
    } else {
      duration("spec.window.ago", window.getAgo(), findings);
    }
  }

  private static void objects(DrillLevel level, ObjectSample objects, Findings findings) {
    if (objects == null) {
      return;
    }
    SharedChecks.notNegative(
        "spec.objects.objectsPerDomain", objects.getObjectsPerDomain(), findings);
    SharedChecks.globs("spec.objects.paths", objects.getPaths(), findings);
    boolean noPaths = objects.getPaths() == null || objects.getPaths().isEmpty();
    if (level == DrillLevel.L1
        && noPaths
        && objects.getObjectsPerDomain() != null
        && objects.getObjectsPerDomain() == 0) {
      findings.error(
          "spec.objects",
          "an L1 drill with objectsPerDomain 0 and no paths restores nothing;"
              + " set objectsPerDomain > 0 or list paths");
    }
  }

  private static void objectives(Objectives objectives, Findings findings) {
    if (objectives != null) {
      positive("spec.objectives.rpo", objectives.getRpo(), findings);
      positive("spec.objectives.rto", objectives.getRto(), findings);
    }
  }

  private static void positive(String field, String text, Findings findings) {
    if (text != null) {
      duration(field, text, findings)
          .filter(Duration::isZero)
          .ifPresent(
              d -> findings.error(field, "0 cannot be met; expected a duration > 0 such as 5m"));
    }
  }

  private static Optional<Duration> duration(String field, String text, Findings findings) {
    try {
      return Optional.of(Durations.parse(text));
    } catch (InvalidScheduleException e) {
      findings.error(field, e.getMessage());
      return Optional.empty();
    }
  }
}
