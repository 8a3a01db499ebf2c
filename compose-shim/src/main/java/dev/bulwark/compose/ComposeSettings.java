package dev.bulwark.compose;

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
}
