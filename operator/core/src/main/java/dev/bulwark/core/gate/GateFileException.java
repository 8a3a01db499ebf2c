package dev.bulwark.core.gate;

/**
 * A gate file exists but cannot be used: unreadable, not JSON, or of a format this Bulwark does not
 * know.
 */
public final class GateFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  GateFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
