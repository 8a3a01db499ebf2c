package dev.bulwark.core.drills;

/**
 * A drill step failed: {@code getMessage()} says what (naming the object, dump or validator), and
 * {@link #remediation()} what an operator should do about it.
 */
public final class DrillFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final String remediation;

  /** A failure with its reason and remediation hint. */
  public DrillFailure(String reason, String remediation) {
    super(reason);
    this.remediation = remediation;
  }

  /** A failure with its reason, remediation hint and cause. */
  public DrillFailure(String reason, String remediation, Throwable cause) {
    super(reason, cause);
    this.remediation = remediation;
  }

  /** What to do about it. */
  public String remediation() {
    return remediation;
  }
}
