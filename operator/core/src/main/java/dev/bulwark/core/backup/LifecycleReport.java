package dev.bulwark.core.backup;

import java.util.List;

/**
 * What a lifecycle reconcile found and did.
 *
 * @param effective true when the rules are in place and no object is overdue in the hot tier
 * @param message one line for the LifecycleEffective condition and the CLI
 * @param details one line per rule created, replaced, removed or found overdue
 */
public record LifecycleReport(boolean effective, String message, List<String> details) {

  public LifecycleReport {
    details = List.copyOf(details);
  }
}
