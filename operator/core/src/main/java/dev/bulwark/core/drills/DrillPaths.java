package dev.bulwark.core.drills;

import dev.bulwark.core.StatePaths;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where drills keep their files under the state directory: run histories, the restore audit and the
 * default sandboxes. Names are checked to be Kubernetes object names, which also keeps them from
 * escaping the state directory.
 */
public final class DrillPaths {
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final StatePaths state;

  /** The drill layout under the state directory of {@code state}. */
  public DrillPaths(StatePaths state) {
    this.state = state;
  }

  /** The state directory. */
  public Path root() {
    return state.root();
  }

  /**
   * {@code <state>/drills/<drill>} in compose mode, {@code <state>/drills/<namespace>/<drill>} on
   * Kubernetes: one record per run and the drill's run lock.
   */
  public Path runsDir(Optional<String> namespace, String drill) {
    Path drills = state.root().resolve("drills");
    if (namespace.isPresent()) {
      drills = drills.resolve(checked(namespace.get()));
    }
    return drills.resolve(checked(drill));
  }

  /**
   * {@code <state>/drills/.proven/<policy>.json} ({@code .proven/<namespace>/<policy>.json} on
   * Kubernetes): the newest successful drill of a policy, whichever drill it was. The dot keeps it
   * apart from drill folders, whose names cannot start with one.
   */
  public Path proofFile(Optional<String> namespace, String policy) {
    Path proven = state.root().resolve("drills").resolve(".proven");
    if (namespace.isPresent()) {
      proven = proven.resolve(checked(namespace.get()));
    }
    return proven.resolve(checked(policy) + ".json");
  }

  /** {@code <state>/audit/restore_audit.jsonl}: one line per drill run, append-only. */
  public Path restoreAudit() {
    return state.root().resolve("audit").resolve("restore_audit.jsonl");
  }

  /** {@code <state>/sandbox/<drill>-<run_id>}: where a drill without spec.sandbox restores. */
  public Path defaultSandbox(String drill, String runId) {
    return state.root().resolve("sandbox").resolve(checked(drill) + "-" + runId);
  }

  private static String checked(String name) {
    if (name == null || name.length() > 253 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a resource name: " + name);
    }
    return name;
  }
}
