package dev.bulwark.core.reconcile;

import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.core.validation.SpecProblem;
import dev.bulwark.core.validation.SpecProblems;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tells a resource waiting for its BackupPolicy apart from a broken one. Creating the policy fixes
 * the first without any change to the resource itself, and not every runtime reconciles dependents
 * when a policy appears, so such resources look again after {@link #RETRY} instead of never.
 */
final class MissingPolicy {
  /** How soon a resource whose policy does not exist looks again. */
  static final Duration RETRY = Duration.ofMinutes(1);

  private MissingPolicy() {}

  /** True when {@code policyRef} names a policy and the only errors are about that reference. */
  static boolean isTheOnlyError(String policyRef, List<SpecProblem> problems) {
    List<SpecProblem> errors = SpecProblems.errors(problems);
    return policyRef != null
        && !policyRef.isBlank()
        && !errors.isEmpty()
        && errors.stream().allMatch(p -> p.field().equals("spec.policyRef"));
  }

  /**
   * The result for an invalid resource that refers to a policy: Ready False with ReferenceNotFound
   * and a retry when the reference is the only problem, else Ready False with SpecInvalid and no
   * requeue (a spec change brings the next reconcile).
   */
  static <S> ReconcileResult<S> invalid(
      S status,
      ConditionRecorder conditions,
      String policyRef,
      List<SpecProblem> problems,
      Instant now) {
    if (isTheOnlyError(policyRef, problems)) {
      conditions.set(
          ConditionType.READY,
          false,
          ConditionReason.REFERENCE_NOT_FOUND,
          SpecProblems.summary(SpecProblems.errors(problems)));
      return new ReconcileResult<>(status, conditions.transitions(), Optional.of(now.plus(RETRY)));
    }
    conditions.notReadyBecauseInvalid(problems);
    return new ReconcileResult<>(status, conditions.transitions(), Optional.empty());
  }
}
