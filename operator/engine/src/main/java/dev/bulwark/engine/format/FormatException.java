package dev.bulwark.engine.format;

import dev.bulwark.engine.EngineException;

/** A repository object is malformed or of a format version this engine does not know. */
public class FormatException extends EngineException {
  private static final long serialVersionUID = 1L;

  public FormatException(String objectKey, String reason) {
    super(objectKey, reason);
  }

  public FormatException(String objectKey, String reason, Throwable cause) {
    super(objectKey, reason, cause);
  }
}
