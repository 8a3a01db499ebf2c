package dev.bulwark.core.reconcile;

import dev.bulwark.core.validation.SpecProblem;
import dev.bulwark.core.validation.SpecProblems;
import java.time.Duration;
import java.util.List;

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
}
