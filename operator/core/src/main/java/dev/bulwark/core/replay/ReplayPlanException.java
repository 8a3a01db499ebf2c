package dev.bulwark.core.replay;

/** A ReplayPlan that cannot run as written; the message names the field and the fix. */
public final class ReplayPlanException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A problem described by {@code message}. */
  public ReplayPlanException(String message) {
    super(message);
  }
}
