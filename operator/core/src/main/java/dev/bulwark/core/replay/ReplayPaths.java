package dev.bulwark.core.replay;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where replay files live under the state directory: plan records in {@code
 * reports/replay/<plan>/<partition>.json} (with {@code evidence/} and {@code comparison/} beside
 * them), run records and scratch space under {@code replay/<plan>}, and the replay audit. On
 * Kubernetes the namespace is a folder above the plan.
 */
public final class ReplayPaths {
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final Path state;

  /** The layout under the state directory {@code state}. */
  public ReplayPaths(Path state) {
    this.state = state;
  }

  /** {@code <state>/reports/replay/[<namespace>/]<plan>}: plan records, evidence, comparisons. */
  public Path reports(Optional<String> namespace, String plan) {
    return scoped(state.resolve("reports").resolve("replay"), namespace, plan);
  }

  /** The plan record of {@code partition}. */
  public Path planRecord(Optional<String> namespace, String plan, String partition) {
    return reports(namespace, plan).resolve(partition + ".json");
  }

  /** The evidence of {@code partition}'s latest apply. */
  public Path evidence(Optional<String> namespace, String plan, String partition) {
    return reports(namespace, plan).resolve("evidence").resolve(partition + ".json");
  }

  /** The old/new comparison of {@code partition}. */
  public Path comparison(Optional<String> namespace, String plan, String partition) {
    return reports(namespace, plan).resolve("comparison").resolve(partition + ".json");
  }

  /** The run records of the plan. */
  public Path runs(Optional<String> namespace, String plan) {
    return scoped(state.resolve("replay"), namespace, plan).resolve("runs");
  }

  /** Scratch space of one run (staged inputs, a restored sandbox), removed after it. */
  Path scratch(Optional<String> namespace, String plan, String runId) {
    return scoped(state.resolve("replay"), namespace, plan).resolve("scratch-" + runId);
  }

  /** {@code <state>/audit/replay_audit.jsonl}: one line per run. */
  public Path audit() {
    return state.resolve("audit").resolve("replay_audit.jsonl");
  }

  private static Path scoped(Path base, Optional<String> namespace, String plan) {
    Path dir = base;
    if (namespace.isPresent()) {
      dir = dir.resolve(checked(namespace.get()));
    }
    return dir.resolve(checked(plan));
  }

  private static String checked(String name) {
    if (name == null || name.length() > 253 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a resource name: " + name);
    }
    return name;
  }
}
