package dev.bulwark.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where compose mode reads manifests and writes state, and how eagerly it looks.
 *
 * @param policiesDir the watched directory of manifests; read, never written
 * @param stateDir where status files go; must not be inside {@code policiesDir}
 * @param debounce quiet time after a change before the directory is read, so an editor's burst of
 *     writes is one reconcile
 * @param rescanInterval full rescan period, a safety net for missed or unsupported file events
 */
public record ComposeSettings(
    Path policiesDir, Path stateDir, Duration debounce, Duration rescanInterval) {

  /** Default quiet time after a change. */
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(250);

  /** Default full rescan period. */
  public static final Duration DEFAULT_RESCAN_INTERVAL = Duration.ofSeconds(30);

  public ComposeSettings {
    Objects.requireNonNull(policiesDir, "policiesDir");
    Objects.requireNonNull(stateDir, "stateDir");
    if (debounce.isNegative() || rescanInterval.isNegative() || rescanInterval.isZero()) {
      throw new IllegalArgumentException("debounce must be >= 0 and rescanInterval > 0");
    }
  }

  /** Settings with the default debounce and rescan interval. */
  public ComposeSettings(Path policiesDir, Path stateDir) {
    this(policiesDir, stateDir, DEFAULT_DEBOUNCE, DEFAULT_RESCAN_INTERVAL);
  }

  /**
   * Refuses, before anything is created, directories that cannot be served: a missing policies
   * directory, or a state directory inside it (Bulwark never writes where ops commit manifests).
   *
   * @throws IllegalArgumentException saying which and why, in one line
   */
  public void requireServable() {
    if (!Files.isDirectory(policiesDir)) {
      throw new IllegalArgumentException(
          "policies directory " + policiesDir + " does not exist or is not a directory");
    }
    Path policies = realPath(policiesDir);
    Path state = realPath(stateDir);
    if (state.startsWith(policies)) {
      throw new IllegalArgumentException(
          "state directory "
              + stateDir
              + " is inside the policies directory "
              + policiesDir
              + "; Bulwark never writes where ops commit manifests: choose a state directory outside it");
    }
  }

  /** The real path (symlinks resolved) of a path that may not exist yet. */
  private static Path realPath(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException e) {
      return absolute;
    }
  }
}
