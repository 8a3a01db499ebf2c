package dev.bulwark.core.migration;

/**
 * One object cannot be read, migrated or written; the message says why, without the object's path.
 */
public final class ObjectMigrationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code reason}. */
  public ObjectMigrationException(String reason) {
    super(reason);
  }

  /** A failure described by {@code reason}, caused by {@code cause}. */
  public ObjectMigrationException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
