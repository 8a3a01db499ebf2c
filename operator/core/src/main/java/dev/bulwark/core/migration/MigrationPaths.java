package dev.bulwark.core.migration;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a plan's migration files live: {@code <state>/migrations/<plan>} in compose mode and {@code
 * <state>/migrations/<namespace>/<plan>} on Kubernetes, holding {@code journal.json}, the run lock,
 * the run records under {@code runs/}, and scratch space; plus the migration audit.
 */
public final class MigrationPaths {
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final Path state;

  /** The layout under the state directory {@code state}. */
  public MigrationPaths(Path state) {
    this.state = state;
  }

  /**
   * The plan's directory.
   *
   * @throws IllegalArgumentException when a name is not a Kubernetes object name
   */
  public Path planDir(Optional<String> namespace, String plan) {
    Path dir = state.resolve("migrations");
    if (namespace.isPresent()) {
      dir = dir.resolve(checked(namespace.get()));
    }
    return dir.resolve(checked(plan));
  }

  /** {@code journal.json}: present only while a run has objects it may have touched. */
  public Path journal(Optional<String> namespace, String plan) {
    return planDir(namespace, plan).resolve("journal.json");
  }

  /** The lock one run of the plan holds at a time, across processes. */
  Path lock(Optional<String> namespace, String plan) {
    return planDir(namespace, plan).resolve("run.lock");
  }

  /** The run records. */
  public Path runs(Optional<String> namespace, String plan) {
    return planDir(namespace, plan).resolve("runs");
  }

  /** Scratch space of one run (command working copies, staged restores), removed after it. */
  Path scratch(Optional<String> namespace, String plan, String runId) {
    return planDir(namespace, plan).resolve("scratch-" + runId);
  }

  /** {@code <state>/audit/migration_audit.jsonl}: one line per run. */
  public Path audit() {
    return state.resolve("audit").resolve("migration_audit.jsonl");
  }

  private static String checked(String name) {
    if (name == null || name.length() > 253 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a resource name: " + name);
    }
    return name;
  }
}
