package dev.bulwark.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --policies} and {@code --state} options every command that reads resources shares,
 * with their environment fallbacks ({@code BULWARK_POLICIES}, {@code BULWARK_STATE}).
 */
public final class StateOptions {
  @Option(
      names = "--policies",
      paramLabel = "DIR",
      defaultValue = "${env:BULWARK_POLICIES:-policies}",
      description = "Directory of policy YAML (default: $BULWARK_POLICIES or ./policies).")
  Path policies;

  @Option(
      names = "--state",
      paramLabel = "DIR",
      defaultValue = "${env:BULWARK_STATE:-.bulwark}",
      description =
          "State directory for status files, jobs and audit (default: $BULWARK_STATE or ./.bulwark).")
  Path state;

  /** The policies directory as given (relative to the working directory). */
  public Path policies() {
    return policies;
  }

  /** The state directory as given (relative to the working directory). */
  public Path state() {
    return state;
  }
}
