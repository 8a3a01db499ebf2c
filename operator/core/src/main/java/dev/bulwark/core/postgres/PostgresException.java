package dev.bulwark.core.postgres;

/**
 * A PostgreSQL tool failed or cannot be used: the message names the tool, the database and why
 * (with the tail of the tool's stderr), and never contains a password.
 */
public final class PostgresException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A failure with its reason. */
  public PostgresException(String message) {
    super(message);
  }

  /** A failure with its reason and cause. */
  public PostgresException(String message, Throwable cause) {
    super(message, cause);
  }
}
