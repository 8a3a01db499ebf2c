package dev.bulwark.engine;

/** The encryption key is missing, malformed or not the one the snapshot was written with. */
public class EncryptionKeyException extends EngineException {
  private static final long serialVersionUID = 1L;

  public EncryptionKeyException(String subject, String reason) {
    super(subject, reason);
  }
}
