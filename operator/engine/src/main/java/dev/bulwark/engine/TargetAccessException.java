package dev.bulwark.engine;

import java.io.IOException;

/** Reading or writing the target failed (I/O, permissions, disk full, network). */
public class TargetAccessException extends EngineException {
  private static final long serialVersionUID = 1L;

  public TargetAccessException(String objectKey, String action, IOException cause) {
    super(objectKey, action + " failed: " + describe(cause), cause);
  }

  static String describe(IOException cause) {
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
