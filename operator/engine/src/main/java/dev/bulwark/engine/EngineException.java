package dev.bulwark.engine;

import java.util.Optional;

/**
 * The root of the engine's checked errors. The message names the object or file concerned and says
 * why, and never carries key material or credentials.
 */
public class EngineException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String subject;

  /** An error about {@code subject} (an object key or a path; null when none applies). */
  public EngineException(String subject, String reason) {
    super(subject == null ? reason : subject + ": " + reason);
    this.subject = subject;
  }

  public EngineException(String subject, String reason, Throwable cause) {
    super(subject == null ? reason : subject + ": " + reason, cause);
    this.subject = subject;
  }

  /** The object key or path the error is about, when there is one. */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }
}
