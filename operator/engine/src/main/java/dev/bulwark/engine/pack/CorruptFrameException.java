package dev.bulwark.engine.pack;

/** A frame cannot be decoded: not zstd, truncated, over a cap, or failing authentication. */
public class CorruptFrameException extends Exception {
  private static final long serialVersionUID = 1L;

  public CorruptFrameException(String reason) {
    super(reason);
  }

  public CorruptFrameException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
