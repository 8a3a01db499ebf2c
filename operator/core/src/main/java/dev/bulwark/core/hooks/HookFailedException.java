package dev.bulwark.core.hooks;

/**
 * A pre hook failed (non-zero exit, timeout, or it could not start): the job must fail. The message
 * names the hook's index and executable, the exit code or timeout, and the tail of its stderr.
 */
public final class HookFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A failed hook with the reason. */
  public HookFailedException(String message) {
    super(message);
  }
}
