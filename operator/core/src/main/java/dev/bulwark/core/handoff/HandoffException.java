package dev.bulwark.core.handoff;

import java.util.Objects;

/**
 * A hand-off or run result that cannot be read: names where it came from, the field and why, e.g.
 * {@code BULWARK_RUN: record.job_id: missing}.
 */
public final class HandoffException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String field;
  private final String reason;

  /**
   * A problem with {@code field} (dotted, e.g. {@code policy.spec.sources[0].path}) of the document
   * read from {@code source} (an environment variable, the termination message).
   */
  public HandoffException(String source, String field, String reason) {
    super(source + ": " + field + ": " + reason);
    this.source = Objects.requireNonNull(source, "source");
    this.field = Objects.requireNonNull(field, "field");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Where the document came from, e.g. {@code BULWARK_RUN}. */
  public String source() {
    return source;
  }

  /** The field that cannot be read, dotted; {@code document} for the whole of it. */
  public String field() {
    return field;
  }

  /** Why, e.g. {@code missing}. */
  public String reason() {
    return reason;
  }
}
