package dev.bulwark.engine;

/** Stored bytes do not match what the repository says they are: corruption or tampering. */
public class IntegrityException extends EngineException {
  private static final long serialVersionUID = 1L;

  public IntegrityException(String objectKey, String reason) {
    super(objectKey, reason);
  }

  public IntegrityException(String objectKey, String reason, Throwable cause) {
    super(objectKey, reason, cause);
  }
}
