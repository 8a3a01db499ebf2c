package dev.bulwark.core.validation;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.Resource;
import java.util.List;
import java.util.Optional;

/**
 * Checks of {@code spec.policyRef}, shared by the kinds that work on a BackupPolicy's snapshots:
 * the policy must exist, and a policy with errors earns a warning (its own status reports the
 * errors).
 */
final class PolicyReferenceChecks {
  private final BackupPolicyValidator policyValidator;

  PolicyReferenceChecks(BackupPolicyValidator policyValidator) {
    this.policyValidator = policyValidator;
  }

  /** The referenced policy, when it is named and found. */
  Optional<BackupPolicy> check(
      Resource<?, ?> resource, String policyRef, ResourceLookup lookup, Findings findings) {
    if (policyRef == null || policyRef.isBlank()) {
      findings.error("spec.policyRef", "required; name the BackupPolicy this resource works on");
      return Optional.empty();
    }
    String namespace = resource.getRef().namespace();
    Optional<BackupPolicy> policy = lookup.backupPolicy(namespace, policyRef);
    if (policy.isEmpty()) {
      findings.error(
          "spec.policyRef",
          "BackupPolicy '"
              + policyRef
              + "' not found"
              + (namespace == null ? "" : " in namespace " + namespace)
              + "; create it or fix the name");
      return policy;
    }
    List<SpecProblem> errors = SpecProblems.errors(policyValidator.validate(policy.get(), lookup));
    if (!errors.isEmpty()) {
      findings.warning(
          "spec.policyRef",
          "BackupPolicy '"
              + policyRef
              + "' is invalid ("
              + errors.get(0).describe()
              + (errors.size() > 1 ? "; and " + (errors.size() - 1) + " more" : "")
              + "); runs fail until it is fixed");
    }
    return policy;
  }
}
