package dev.bulwark.core.gate;

import dev.bulwark.core.Environment;
import java.time.Duration;
import java.util.Objects;

/**
 * The windows of the release gate (R17).
 *
 * @param drillWindow a policy needs a drill that succeeded within this long (default 7 days)
 * @param healthWindow a policy needs a successful backup, and no failed one, within this long
 *     (default 24 hours)
 * @param preUpgradeMaxAge a required pre-upgrade snapshot may be at most this old (default 24
 *     hours)
 * @param requirePreUpgrade whether every covered policy needs a pre-upgrade snapshot (R18)
 */
public record GateSettings(
    Duration drillWindow,
    Duration healthWindow,
    Duration preUpgradeMaxAge,
    boolean requirePreUpgrade) {

  /** Default of {@link #drillWindow}. */
  public static final Duration DEFAULT_DRILL_WINDOW = Duration.ofDays(7);

  /** Default of {@link #healthWindow}. */
  public static final Duration DEFAULT_HEALTH_WINDOW = Duration.ofHours(24);

  /** Default of {@link #preUpgradeMaxAge}. */
  public static final Duration DEFAULT_PRE_UPGRADE_MAX_AGE = Duration.ofHours(24);

  public GateSettings {
    Objects.requireNonNull(drillWindow, "drillWindow");
    Objects.requireNonNull(healthWindow, "healthWindow");
    Objects.requireNonNull(preUpgradeMaxAge, "preUpgradeMaxAge");
    if (drillWindow.isNegative() || healthWindow.isNegative() || preUpgradeMaxAge.isNegative()) {
      throw new IllegalArgumentException("gate windows must not be negative");
    }
  }

  /** The defaults of R17: 7 days, 24 hours, 24 hours, pre-upgrade snapshot not required. */
  public static GateSettings defaults() {
    return new GateSettings(
        DEFAULT_DRILL_WINDOW, DEFAULT_HEALTH_WINDOW, DEFAULT_PRE_UPGRADE_MAX_AGE, false);
  }

  /**
   * The defaults, with each window that {@code environment} sets replaced ({@link
   * Environment#gateDrillWindow()} and its siblings).
   *
   * @throws IllegalArgumentException when a variable is set to something that is not a duration
   */
  public static GateSettings from(Environment environment) {
    GateSettings defaults = defaults();
    return new GateSettings(
        environment.gateDrillWindow().orElse(defaults.drillWindow()),
        environment.gateHealthWindow().orElse(defaults.healthWindow()),
        environment.gatePreUpgradeMaxAge().orElse(defaults.preUpgradeMaxAge()),
        false);
  }

  /** These settings with each window {@code environment} sets replaced; the rest kept. */
  public GateSettings overriddenBy(Environment environment) {
    return new GateSettings(
        environment.gateDrillWindow().orElse(drillWindow),
        environment.gateHealthWindow().orElse(healthWindow),
        environment.gatePreUpgradeMaxAge().orElse(preUpgradeMaxAge),
        requirePreUpgrade);
  }

  /** These settings, requiring a pre-upgrade snapshot or not. */
  public GateSettings withRequirePreUpgrade(boolean required) {
    return new GateSettings(drillWindow, healthWindow, preUpgradeMaxAge, required);
  }
}
