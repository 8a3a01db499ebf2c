package dev.bulwark.engine.pack;

/** A frame cannot be decoded: not zstd, truncated, over a cap, or failing authentication. */
public class CorruptFrameException extends Exception {
  public CorruptFrameException(String reason) {
    super(reason);
  }

  public CorruptFrameException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
