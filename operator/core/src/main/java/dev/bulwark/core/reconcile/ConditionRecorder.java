package dev.bulwark.core.reconcile;

import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.Conditions;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.core.validation.SpecProblem;
import dev.bulwark.core.validation.SpecProblems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets the conditions of one new status and turns every flip into a {@link ConditionTransition}, so
 * runtimes log, record and alert on changes only, never on every reconcile.
 */
final class ConditionRecorder {
  private final Conditions conditions;
  private final Long generation;
  private final Instant now;
  private final List<Action> transitions = new ArrayList<>();

  ConditionRecorder(ResourceStatus status, Long generation, Instant now) {
    this.conditions = status.conditions();
    this.generation = generation;
    this.now = now;
  }

  /**
   * Sets a condition. Every type Bulwark sets reads "True" as good, so a False is a warning; except
   * Ready False because of spec.suspend, which an operator asked for.
   */
  void set(ConditionType type, boolean status, ConditionReason reason, String message) {
    if (conditions.set(type, status, reason, message, generation, now)) {
      transitions.add(
          new ConditionTransition(
              type.wireName(),
              status ? "True" : "False",
              reason.wireName(),
              message,
              !status && reason != ConditionReason.SUSPENDED));
    }
  }

  /** Sets a condition to Unknown: not enough observed yet to say. Never a warning. */
  void unknown(ConditionType type, ConditionReason reason, String message) {
    if (conditions.setUnknown(type, reason, message, generation, now)) {
      transitions.add(
          new ConditionTransition(type.wireName(), "Unknown", reason.wireName(), message, false));
    }
  }

  /**
   * Sets a condition to Unknown without a transition: for a condition that has nothing to say
   * before a first run, so a new resource does not raise an Event or alert for it.
   */
  void unknownQuietly(ConditionType type, ConditionReason reason, String message) {
    conditions.setUnknown(type, reason, message, generation, now);
  }

  /**
   * Sets Valid from the findings: True (listing warnings, if any) or False listing the errors.
   *
   * @return true when the spec is valid
   */
  boolean validity(List<SpecProblem> problems) {
    List<SpecProblem> errors = SpecProblems.errors(problems);
    if (errors.isEmpty()) {
      List<SpecProblem> warnings = SpecProblems.warnings(problems);
      set(
          ConditionType.VALID,
          true,
          ConditionReason.SPEC_VALID,
          warnings.isEmpty()
              ? "spec is valid"
              : "spec is valid; warnings: " + SpecProblems.summary(warnings));
      return true;
    }
    set(ConditionType.VALID, false, ConditionReason.SPEC_INVALID, SpecProblems.summary(errors));
    return false;
  }

  /** Sets Ready False because of the errors among the findings. */
  void notReadyBecauseInvalid(List<SpecProblem> problems) {
    set(
        ConditionType.READY,
        false,
        ConditionReason.SPEC_INVALID,
        SpecProblems.summary(SpecProblems.errors(problems)));
  }

  List<Action> transitions() {
    return List.copyOf(transitions);
  }
}
