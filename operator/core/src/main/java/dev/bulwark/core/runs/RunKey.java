package dev.bulwark.core.runs;

import java.util.Objects;
import java.util.Optional;

/**
 * The owner of runs: the resource whose runs they are (a policy's backup jobs, a drill's runs, a
 * plan's migrations or replays). At most one run per key is active at a time.
 *
 * @param namespace the owner's namespace; empty in compose mode
 * @param owner the owner's name
 */
public record RunKey(Optional<String> namespace, String owner) {

  public RunKey {
    namespace = namespace == null ? Optional.empty() : namespace;
    Objects.requireNonNull(owner, "owner");
  }

  /** The key of {@code owner} in {@code namespace} (null in compose mode). */
  public static RunKey of(String namespace, String owner) {
    return new RunKey(Optional.ofNullable(namespace), owner);
  }

  /** {@code <namespace>/<name>}, namespace empty in compose mode: the key of thread bookkeeping. */
  public String id() {
    return namespace.orElse("") + "/" + owner;
  }

  @Override
  public String toString() {
    return id();
  }
}
