package dev.bulwark.targets.lifecycle;

/**
 * What a lifecycle reconcile does (or, when only checking, would do) to one rule Bulwark owns.
 *
 * @param ruleId the rule's id on the bucket
 * @param kind the change
 * @param detail the rule's filter and actions, and why it changes
 */
public record RuleChange(String ruleId, Kind kind, String detail) {

  /** The change to one rule. */
  public enum Kind {
    /** The rule was missing and is written. */
    CREATED("created", "missing"),
    /** The rule existed with other settings and is overwritten. */
    REPLACED("replaced", "differs, would replace"),
    /**
     * An expiration rule no longer wanted is kept under a dated id until every object it governs
     * has expired, so objects written while it was wanted still expire.
     */
    RETIRED("retired", "would retire"),
    /** A stale rule nothing needs any more is deleted. */
    REMOVED("removed", "would remove"),
    /** The rule is as wanted (or retired and still needed). */
    UNCHANGED("unchanged", "in place");

    private final String done;
    private final String pending;

    Kind(String done, String pending) {
      this.done = done;
      this.pending = pending;
    }

    /** The verb for a reconcile that wrote its changes ({@code created}) or only checked. */
    public String verb(boolean applied) {
      return applied ? done : pending;
    }
  }

  /** One line for people: {@code created bulwark-...: prefix 'p' ...}. */
  public String describe(boolean applied) {
    return kind.verb(applied) + " " + ruleId + ": " + detail;
  }
}
