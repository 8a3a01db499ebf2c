package dev.bulwark.core.secrets;

/**
 * A secret a job needs cannot be read; the message names where it was looked for, never a value.
 */
public final class SecretUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  /** With a message naming the reference and why it cannot be read. */
  public SecretUnavailableException(String message) {
    super(message);
  }
}
