package dev.bulwark.api.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** A schema_version migration with a mandatory pre-migration snapshot. */
public class MigrationPlanSpec {
  @JsonPropertyDescription("BackupPolicy whose target receives the pre-migration snapshot.")
  private String policyRef;

  private List<ObjectSelector> selectors;

  private Integer from;

  private Integer to;

  private List<MigrationStep> steps;

  private MigrationMode mode = MigrationMode.DRY_RUN;

  @JsonPropertyDescription("The release gate must be open before the run.")
  private Boolean requireGate = Boolean.TRUE;

  public String getPolicyRef() {
    return policyRef;
  }

  public void setPolicyRef(String policyRef) {
    this.policyRef = policyRef;
  }

  public List<ObjectSelector> getSelectors() {
    return selectors;
  }

  public void setSelectors(List<ObjectSelector> selectors) {
    this.selectors = selectors;
  }

  public Integer getFrom() {
    return from;
  }

  public void setFrom(Integer from) {
    this.from = from;
  }

  public Integer getTo() {
    return to;
  }

  public void setTo(Integer to) {
    this.to = to;
  }

  public List<MigrationStep> getSteps() {
    return steps;
  }

  public void setSteps(List<MigrationStep> steps) {
    this.steps = steps;
  }

  public MigrationMode getMode() {
    return mode;
  }

  public void setMode(MigrationMode mode) {
    this.mode = mode;
  }

  public Boolean getRequireGate() {
    return requireGate;
  }

  public void setRequireGate(Boolean requireGate) {
    this.requireGate = requireGate;
  }
}
