package dev.bulwark.core.backup;

/**
 * A job cannot start: no target named, a target not available, a key that cannot be read. The
 * message says what to change; it never contains a credential.
 */
public final class JobSetupException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A setup failure with its reason. */
  public JobSetupException(String message) {
    super(message);
  }

  /** A setup failure with its reason and cause. */
  public JobSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
