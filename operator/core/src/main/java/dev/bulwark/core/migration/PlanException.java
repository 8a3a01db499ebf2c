package dev.bulwark.core.migration;

/** The plan itself cannot run (a bad operation, no step for a version); nothing was touched. */
public final class PlanException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A problem described by {@code message}, naming the spec field. */
  public PlanException(String message) {
    super(message);
  }
}
