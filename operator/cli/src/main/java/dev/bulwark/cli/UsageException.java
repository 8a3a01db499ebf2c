package dev.bulwark.cli;

/** The command cannot run as asked (unknown policy, missing directory): exit code 2. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
