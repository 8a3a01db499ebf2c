package dev.bulwark.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Status fields every Bulwark kind shares: the generation observed and the conditions. */
public class ResourceStatus {
  @JsonPropertyDescription("The spec generation this status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("Observed facts, one per type (Kubernetes conditions).")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  /** A view of the conditions with typed accessors and the transition-preserving setter. */
  public Conditions conditions() {
    return new Conditions(conditions);
  }
}
