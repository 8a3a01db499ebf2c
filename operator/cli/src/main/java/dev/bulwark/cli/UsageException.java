package dev.bulwark.cli;

/** The command cannot run as asked (unknown policy, missing directory): exit code 2. */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message);
  }
}
