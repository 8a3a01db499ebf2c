package dev.bulwark.core.gate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the release gate decides over: every BackupPolicy and RestoreDrill a runtime serves (in
 * Kubernetes, those of one namespace), optionally narrowed to one policy and its drills. Deleted
 * resources are not inputs; invalid ones are (they block).
 *
 * @param policies the policies' facts
 * @param drills the drills' facts
 * @param scope the one policy the gate is narrowed to, or empty for all
 */
public record GateInputs(List<PolicyFacts> policies, List<DrillFacts> drills, Optional<String> scope) {

  public GateInputs {
    policies = List.copyOf(policies);
    drills = List.copyOf(drills);
    Objects.requireNonNull(scope, "scope");
  }

  /** Inputs covering every policy. */
  public static GateInputs of(List<PolicyFacts> policies, List<DrillFacts> drills) {
    return new GateInputs(policies, drills, Optional.empty());
  }

  /** The same facts, narrowed to {@code policy} and its drills ({@code bulwark gate check --policy}). */
  public GateInputs narrowedTo(String policy) {
    return new GateInputs(policies, drills, Optional.of(policy));
  }
}
