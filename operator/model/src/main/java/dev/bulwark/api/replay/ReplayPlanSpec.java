package dev.bulwark.api.replay;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A replay of derived data from raw inputs with an analyzer version, partition by partition. */
public class ReplayPlanSpec {
  @JsonPropertyDescription(
      "BackupPolicy whose repository holds the snapshot named by inputs.fromSnapshot.")
  private String policyRef;

  private ReplayAnalyzer analyzer;

  private ReplayInputs inputs;

  private ReplayPartitioning partition;

  private ReplayOutput output;

  private ReplayMode mode = ReplayMode.DRY_RUN;

  @JsonPropertyDescription("Key under which a finished partition is skipped on re-runs.")
  private String idempotencyGuard = "{analyzerVersion}/{partition}";

  private ReplayChecks checks;

  @JsonPropertyDescription("An earlier analyzerVersion to compare the new outputs with.")
  private String compareWith;

  public String getPolicyRef() {
    return policyRef;
  }

  public void setPolicyRef(String policyRef) {
    this.policyRef = policyRef;
  }

  public ReplayAnalyzer getAnalyzer() {
    return analyzer;
  }

  public void setAnalyzer(ReplayAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  public ReplayInputs getInputs() {
    return inputs;
  }

  public void setInputs(ReplayInputs inputs) {
    this.inputs = inputs;
  }

  public ReplayPartitioning getPartition() {
    return partition;
  }

  public void setPartition(ReplayPartitioning partition) {
    this.partition = partition;
  }

  public ReplayOutput getOutput() {
    return output;
  }

  public void setOutput(ReplayOutput output) {
    this.output = output;
  }

  public ReplayMode getMode() {
    return mode;
  }

  public void setMode(ReplayMode mode) {
    this.mode = mode;
  }

  public String getIdempotencyGuard() {
    return idempotencyGuard;
  }

  public void setIdempotencyGuard(String idempotencyGuard) {
    this.idempotencyGuard = idempotencyGuard;
  }

  public ReplayChecks getChecks() {
    return checks;
  }

  public void setChecks(ReplayChecks checks) {
    this.checks = checks;
  }

  public String getCompareWith() {
    return compareWith;
  }

  public void setCompareWith(String compareWith) {
    this.compareWith = compareWith;
  }
}
