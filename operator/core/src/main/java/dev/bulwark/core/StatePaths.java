package dev.bulwark.core;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the runtime-agnostic parts keep their files under the state directory: job records, the
 * policy job locks and the audit trail. Status files belong to the compose runtime's own layout.
 */
public final class StatePaths {
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final Path root;

  /** The layout under {@code root}, which need not exist yet. */
  public StatePaths(Path root) {
    this.root = root;
  }

  /** The state directory. */
  public Path root() {
    return root;
  }

  /**
   * {@code <state>/jobs/<policy>} in compose mode, {@code <state>/jobs/<namespace>/<policy>} on
   * Kubernetes, holding one record per job and the policy's job lock.
   *
   * @throws IllegalArgumentException when a name is not a Kubernetes object name (which also keeps
   *     it from escaping the directory)
   */
  public Path jobsDir(Optional<String> namespace, String policy) {
    return scoped("jobs", namespace, policy);
  }

  /**
   * {@code <state>/verify/<policy>} in compose mode, {@code <state>/verify/<namespace>/<policy>} on
   * Kubernetes, holding one record per verify run and the policy's verify lock.
   *
   * @throws IllegalArgumentException when a name is not a Kubernetes object name
   */
  public Path verifyDir(Optional<String> namespace, String policy) {
    return scoped("verify", namespace, policy);
  }

  /**
   * {@code <state>/audit/audit.jsonl}, the append-only trail of jobs, prunes, restores and changes.
   */
  public Path auditLog() {
    return root.resolve("audit").resolve("audit.jsonl");
  }

  /** {@code <state>/state}, where the engine writes {@code latest_<target>.json}. */
  public Path latestDir() {
    return root.resolve("state");
  }

  /**
   * {@code <state>/cache/parent}, where the engine keeps each repository's parent cache (a copy of
   * the newest snapshot's index; deleting it only costs the next incremental a read of the
   * manifests).
   */
  public Path parentCacheDir() {
    return root.resolve("cache").resolve("parent");
  }

  private Path scoped(String area, Optional<String> namespace, String name) {
    Path dir = root.resolve(area);
    if (namespace.isPresent()) {
      dir = dir.resolve(checked(namespace.get()));
    }
    return dir.resolve(checked(name));
  }

  private static String checked(String name) {
    if (name == null || name.length() > 253 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a resource name: " + name);
    }
    return name;
  }
}
