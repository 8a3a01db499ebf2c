package dev.bulwark.core.overview;

import dev.bulwark.core.gate.GateDecision;
import java.util.Objects;

/**
 * One release gate a runtime keeps: compose mode has one, the Kubernetes runtime one per namespace.
 *
 * @param namespace the namespace it covers; null in compose mode
 * @param decision the verdict, with its reasons and evidence
 */
public record GateView(String namespace, GateDecision decision) {
  public GateView {
    Objects.requireNonNull(decision, "decision");
  }
}
