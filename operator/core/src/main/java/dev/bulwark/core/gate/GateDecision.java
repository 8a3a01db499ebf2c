package dev.bulwark.core.gate;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The release gate's verdict and the evidence behind it. The evidence carries every fact the
 * verdict was computed from ({@link PolicyEvidence#facts()}, {@link DrillEvidence#facts()}), so a
 * reader can evaluate it again at a later time, narrowed to one policy or with other settings
 * ({@link #inputs()}), without the resources themselves.
 *
 * @param open true when CI may ship
 * @param reasons why not, one actionable line each; empty when open
 * @param evaluatedAt when the verdict was computed; ages are relative to it
 * @param scope the one policy the gate was narrowed to, or null for all
 * @param settings the windows used
 * @param policies one entry per covered policy, by name
 * @param drills one entry per covered drill, by name
 * @param unattributedFiles the policy files no resource could be read from (each blocks)
 */
@JsonPropertyOrder({
  "open",
  "reasons",
  "evaluatedAt",
  "scope",
  "settings",
  "policies",
  "drills",
  "unattributedFiles"
})
public record GateDecision(
    boolean open,
    List<String> reasons,
    Instant evaluatedAt,
    String scope,
    GateSettings settings,
    List<PolicyEvidence> policies,
    List<DrillEvidence> drills,
    List<UnattributedFile> unattributedFiles) {

  public GateDecision {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
    Objects.requireNonNull(evaluatedAt, "evaluatedAt");
    Objects.requireNonNull(settings, "settings");
    policies = policies == null ? List.of() : List.copyOf(policies);
    drills = drills == null ? List.of() : List.copyOf(drills);
    unattributedFiles = unattributedFiles == null ? List.of() : List.copyOf(unattributedFiles);
  }

  /** A decision without unattributed files. */
  public GateDecision(
      boolean open,
      List<String> reasons,
      Instant evaluatedAt,
      String scope,
      GateSettings settings,
      List<PolicyEvidence> policies,
      List<DrillEvidence> drills) {
    this(open, reasons, evaluatedAt, scope, settings, policies, drills, List.of());
  }

  /** The facts this decision was computed from, covering every policy in it. */
  public GateInputs inputs() {
    return GateInputs.of(
            policies.stream().map(PolicyEvidence::facts).toList(),
            drills.stream().map(DrillEvidence::facts).toList())
        .withUnattributedFiles(unattributedFiles);
  }

  /**
   * True when {@code other} says the same from the same facts and settings: only the evaluation
   * time (and so the ages) differs. A writer rewrites the gate file when this is false.
   */
  public boolean sameVerdictAs(GateDecision other) {
    return other != null
        && open == other.open
        && reasons.equals(other.reasons)
        && Objects.equals(scope, other.scope)
        && settings.equals(other.settings)
        && inputs().equals(other.inputs());
  }

  /**
   * The evidence of one policy: how old its newest snapshots are, which drill proves it restores,
   * and the facts read from its status.
   *
   * @param name the policy
   * @param open whether this policy alone lets the gate open
   * @param reasons why not, one line each
   * @param healthy the Healthy condition's status (True, False, Unknown), or null when unset
   * @param lastBackupJobId the newest successful backup
   * @param lastBackupAgeSeconds its age at {@link GateDecision#evaluatedAt()}
   * @param preUpgradeJobId the newest pre-upgrade snapshot
   * @param preUpgradeAgeSeconds its age
   * @param provenBy the drill of this policy that succeeded most recently
   * @param provenAt when it succeeded
   * @param provenAgeSeconds how long ago
   * @param provenSnapshot the snapshot (job id) that drill restored
   * @param facts what the status said, the input of the evaluation
   */
  @JsonPropertyOrder({
    "name",
    "open",
    "reasons",
    "healthy",
    "lastBackupJobId",
    "lastBackupAgeSeconds",
    "preUpgradeJobId",
    "preUpgradeAgeSeconds",
    "provenBy",
    "provenAt",
    "provenAgeSeconds",
    "provenSnapshot",
    "facts"
  })
  public record PolicyEvidence(
      String name,
      boolean open,
      List<String> reasons,
      String healthy,
      String lastBackupJobId,
      Long lastBackupAgeSeconds,
      String preUpgradeJobId,
      Long preUpgradeAgeSeconds,
      String provenBy,
      Instant provenAt,
      Long provenAgeSeconds,
      String provenSnapshot,
      PolicyFacts facts) {

    public PolicyEvidence {
      reasons = reasons == null ? List.of() : List.copyOf(reasons);
      Objects.requireNonNull(facts, "facts");
    }
  }

  /**
   * The evidence of one drill.
   *
   * @param name the drill
   * @param lastSuccessAgeSeconds how long ago it last succeeded, or null when it never did
   * @param facts what its spec and status said
   */
  @JsonPropertyOrder({"name", "lastSuccessAgeSeconds", "facts"})
  public record DrillEvidence(String name, Long lastSuccessAgeSeconds, DrillFacts facts) {
    public DrillEvidence {
      Objects.requireNonNull(facts, "facts");
    }
  }
}
