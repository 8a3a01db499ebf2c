package dev.bulwark.core.schedule;

/**
 * A cron expression, time zone or duration that cannot be used; the message says what is expected.
 */
public class InvalidScheduleException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An error with a message fit for a status condition or a CLI line. */
  public InvalidScheduleException(String message) {
    super(message);
  }

  /** An error with a message and the library error behind it. */
  public InvalidScheduleException(String message, Throwable cause) {
    super(message, cause);
  }
}
