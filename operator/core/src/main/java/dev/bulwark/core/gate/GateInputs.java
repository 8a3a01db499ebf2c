package dev.bulwark.core.gate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the release gate decides over: every BackupPolicy and RestoreDrill a runtime serves (in
 * Kubernetes, those of one namespace), optionally narrowed to one policy and its drills, and the
 * policy files that cannot be tied to a resource (compose mode). Deleted resources are not inputs;
 * invalid ones are (they block), and so are unattributed files, whatever the scope.
 *
 * @param policies the policies' facts
 * @param drills the drills' facts
 * @param scope the one policy the gate is narrowed to, or empty for all
 * @param unattributedFiles policy files no resource can be read from
 */
public record GateInputs(
    List<PolicyFacts> policies,
    List<DrillFacts> drills,
    Optional<String> scope,
    List<UnattributedFile> unattributedFiles) {

  public GateInputs {
    policies = List.copyOf(policies);
    drills = List.copyOf(drills);
    Objects.requireNonNull(scope, "scope");
    unattributedFiles = unattributedFiles == null ? List.of() : List.copyOf(unattributedFiles);
  }

  /** Inputs without unattributed files. */
  public GateInputs(List<PolicyFacts> policies, List<DrillFacts> drills, Optional<String> scope) {
    this(policies, drills, scope, List.of());
  }

  /** Inputs covering every policy. */
  public static GateInputs of(List<PolicyFacts> policies, List<DrillFacts> drills) {
    return new GateInputs(policies, drills, Optional.empty());
  }

  /**
   * The same facts, narrowed to {@code policy} and its drills ({@code bulwark gate check
   * --policy}).
   */
  public GateInputs narrowedTo(String policy) {
    return new GateInputs(policies, drills, Optional.of(policy), unattributedFiles);
  }

  /** The same facts, with {@code files} as the unattributed policy files. */
  public GateInputs withUnattributedFiles(List<UnattributedFile> files) {
    return new GateInputs(policies, drills, scope, files);
  }
}
