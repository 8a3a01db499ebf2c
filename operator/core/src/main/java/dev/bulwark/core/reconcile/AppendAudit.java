package dev.bulwark.core.reconcile;

import java.util.Map;

/**
 * Append a line about the reconciled resource to the audit trail (R24), e.g. a changed spec.
 *
 * @param event the event name, e.g. {@code policy_changed}
 * @param details facts for the line
 */
public record AppendAudit(String event, Map<String, Object> details) implements Action {

  public AppendAudit {
    details = Map.copyOf(details);
  }
}
