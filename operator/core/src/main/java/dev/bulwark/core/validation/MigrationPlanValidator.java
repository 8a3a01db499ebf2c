package dev.bulwark.core.validation;

import dev.bulwark.api.common.WireNames;
import dev.bulwark.api.migration.DocumentOperation;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.migration.MigrationPlanSpec;
import dev.bulwark.api.migration.MigrationStep;
import dev.bulwark.api.migration.ObjectSelector;
import dev.bulwark.api.migration.OperationType;
import dev.bulwark.core.Environment;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Semantic checks of a MigrationPlan: its policy, selectors, version range and step chain. */
public final class MigrationPlanValidator {
  private static final Set<OperationType> NEED_FROM =
      EnumSet.of(OperationType.RENAME, OperationType.MOVE, OperationType.COPY);
  private static final Set<OperationType> NEED_VALUE =
      EnumSet.of(OperationType.SET, OperationType.ADD_METADATA);

  private final PolicyReferenceChecks policyReference;

  /** A validator whose policy checks read R12 defaults from {@code environment}. */
  public MigrationPlanValidator(Environment environment) {
    this.policyReference = new PolicyReferenceChecks(new BackupPolicyValidator(environment));
  }

  /** Every finding about the plan; never throws for a bad spec. */
  public List<SpecProblem> validate(MigrationPlan plan, ResourceLookup lookup) {
    Findings findings = new Findings();
    SharedChecks.name(plan, findings);
    MigrationPlanSpec spec = plan.getSpec();
    if (spec == null) {
      findings.error(
          "spec", "required; a MigrationPlan needs policyRef, selectors, from, to, steps");
      return findings.toList();
    }
    policyReference.check(plan, spec.getPolicyRef(), lookup, findings);
    selectors(spec.getSelectors(), findings);
    boolean range = range(spec, findings);
    List<MigrationStep> steps = spec.getSteps();
    if (steps == null || steps.isEmpty()) {
      findings.error(
          "spec.steps", "required; add steps from spec.from to spec.to, one version at a time");
      return findings.toList();
    }
    for (int i = 0; i < steps.size(); i++) {
      step("spec.steps[" + i + "]", steps.get(i), findings);
    }
    boolean numbered =
        steps.stream().allMatch(s -> s != null && s.getFrom() != null && s.getTo() != null);
    if (range && numbered) {
      chain(spec.getFrom(), spec.getTo(), steps, findings);
    }
    return findings.toList();
  }

  private static void selectors(List<ObjectSelector> selectors, Findings findings) {
    if (selectors == null || selectors.isEmpty()) {
      findings.error(
          "spec.selectors", "required; add a selector with paths of the objects to migrate");
      return;
    }
    for (int i = 0; i < selectors.size(); i++) {
      String at = "spec.selectors[" + i + "]";
      ObjectSelector selector = selectors.get(i);
      if (selector == null || selector.getPaths() == null || selector.getPaths().isEmpty()) {
        findings.error(
            at + ".paths", "required; list globs of the objects, e.g. student_profiles/*.json");
        continue;
      }
      SharedChecks.globs(at + ".paths", selector.getPaths(), findings);
      if (selector.getVersionField() != null && selector.getVersionField().isBlank()) {
        findings.error(
            at + ".versionField",
            "empty; name the field holding the version (default schema_version)");
      }
    }
  }

  /** True when from and to are set and from < to, so the step chain can be checked. */
  private static boolean range(MigrationPlanSpec spec, Findings findings) {
    if (spec.getFrom() == null) {
      findings.error("spec.from", "required; the schema_version objects have now");
    }
    if (spec.getTo() == null) {
      findings.error("spec.to", "required; the schema_version objects get");
    }
    if (spec.getFrom() == null || spec.getTo() == null) {
      return false;
    }
    SharedChecks.notNegative("spec.from", spec.getFrom(), findings);
    if (spec.getFrom() >= spec.getTo()) {
      findings.error(
          "spec.to",
          spec.getTo()
              + " is not greater than spec.from ("
              + spec.getFrom()
              + "); a plan migrates to a newer version");
      return false;
    }
    return true;
  }

  private static void step(String at, MigrationStep step, Findings findings) {
    if (step == null) {
      findings.error(at, "empty entry; expected from, to and operations or command");
      return;
    }
    if (step.getFrom() == null) {
      findings.error(at + ".from", "required; the version this step reads");
    }
    if (step.getTo() == null) {
      findings.error(at + ".to", "required; the version this step writes");
    }
    boolean hasOperations = step.getOperations() != null && !step.getOperations().isEmpty();
    boolean hasCommand = step.getCommand() != null && !step.getCommand().isEmpty();
    if (hasOperations == hasCommand) {
      findings.error(
          at,
          (hasOperations
                  ? "both operations and command are set"
                  : "neither operations nor command is set")
              + "; set exactly one");
    }
    if (hasCommand && (step.getCommand().get(0) == null || step.getCommand().get(0).isBlank())) {
      findings.error(
          at + ".command", "empty program; expected an argv such as [migrate-v2, {path}]");
    }
    if (hasOperations) {
      for (int j = 0; j < step.getOperations().size(); j++) {
        operation(at + ".operations[" + j + "]", step.getOperations().get(j), findings);
      }
    }
  }

  private static void operation(String at, DocumentOperation operation, Findings findings) {
    if (operation == null) {
      findings.error(at, "empty entry; expected op and path");
      return;
    }
    OperationType op = operation.getOp();
    if (op == null) {
      findings.error(
          at + ".op", "required; expected one of " + WireNames.allOf(OperationType.class));
    }
    SharedChecks.jsonPointer(at + ".path", operation.getPath(), findings);
    String name = op == null ? "" : WireNames.of(op);
    if (NEED_FROM.contains(op)) {
      if (operation.getFrom() == null) {
        findings.error(at + ".from", "required by op " + name + "; the JSON Pointer read from");
      } else {
        SharedChecks.jsonPointer(at + ".from", operation.getFrom(), findings);
      }
    } else if (op != null && operation.getFrom() != null) {
      findings.warning(at + ".from", "ignored by op " + name);
    }
    if (NEED_VALUE.contains(op) && operation.getValue() == null) {
      findings.error(at + ".value", "required by op " + name + "; the value to write");
    } else if (op != null && !NEED_VALUE.contains(op) && operation.getValue() != null) {
      findings.warning(at + ".value", "ignored by op " + name);
    }
  }

  /** Steps go from spec.from to spec.to one version at a time; names the first gap only. */
  private static void chain(int from, int to, List<MigrationStep> steps, Findings findings) {
    int reached = from;
    for (int i = 0; i < steps.size(); i++) {
      String at = "spec.steps[" + i + "]";
      MigrationStep step = steps.get(i);
      if (reached == to) {
        findings.error(
            at,
            "goes past spec.to: the steps before it already reach "
                + to
                + "; remove it or raise spec.to");
        return;
      }
      if (step.getFrom() != reached) {
        findings.error(
            at + ".from",
            "is "
                + step.getFrom()
                + " but "
                + (i == 0 ? "spec.from is " : "the previous step ends at ")
                + reached
                + "; expected "
                + reached
                + " (steps must chain without gaps)");
        return;
      }
      if (step.getTo() != reached + 1) {
        findings.error(
            at + ".to",
            "is " + step.getTo() + "; steps go one version at a time, expected " + (reached + 1));
        return;
      }
      reached = step.getTo();
    }
    if (reached != to) {
      findings.error(
          "spec.steps",
          "end at version "
              + reached
              + " but spec.to is "
              + to
              + "; add a step from "
              + reached
              + " to "
              + (reached + 1));
    }
  }
}
