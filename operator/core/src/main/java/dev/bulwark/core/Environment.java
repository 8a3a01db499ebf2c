package dev.bulwark.core;

import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.schedule.Durations;
import dev.bulwark.core.schedule.InvalidScheduleException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The process environment Bulwark reads (R12), with typed accessors for its own variables. Blank
 * values count as unset. Credentials are readable through {@link #get} but never printed: {@link
 * #toString()} shows only whether they are set.
 */
public final class Environment {
  /** Target of jobs whose policy names none: local, s3 or oss. */
  public static final String BACKUP_TARGET_DEFAULT = "BACKUP_TARGET_DEFAULT";

  /** The {env} segment of the object layout when a policy sets no {@code spec.env}. */
  public static final String BACKUP_NAMESPACE = "BACKUP_NAMESPACE";

  /** 1 (the default, and the only behaviour): a job never falls back to another target. */
  public static final String BACKUP_SINGLE_TARGET_ENFORCED = "BACKUP_SINGLE_TARGET_ENFORCED";

  /** Days in the hot tier when a policy sets no retention. */
  public static final String BACKUP_HOT_DAYS = "BACKUP_HOT_DAYS";

  /** Days until expiry when a policy sets no retention. */
  public static final String BACKUP_COLD_DAYS = "BACKUP_COLD_DAYS";

  /** Bucket of the s3 target when the policy names none. */
  public static final String S3_BUCKET = "S3_BUCKET";

  /** Region of the s3 target when the policy names none. */
  public static final String S3_REGION = "S3_REGION";

  /** Endpoint of S3-compatible stores when the policy names none. */
  public static final String S3_ENDPOINT = "S3_ENDPOINT";

  /** Bucket of the oss target when the policy names none. */
  public static final String OSS_BUCKET = "OSS_BUCKET";

  /** Endpoint of the oss target when the policy names none. */
  public static final String OSS_ENDPOINT = "OSS_ENDPOINT";

  /** S3 access key id (credential). */
  public static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";

  /** S3 secret key (credential). */
  public static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";

  /** OSS access key id (credential). */
  public static final String OSS_ACCESS_KEY_ID = "OSS_ACCESS_KEY_ID";

  /** OSS access key secret (credential). */
  public static final String OSS_ACCESS_KEY_SECRET = "OSS_ACCESS_KEY_SECRET";

  /**
   * Webhook that receives alerts of resources naming none themselves (R22). Treated as a
   * credential: webhook URLs carry tokens.
   */
  public static final String BULWARK_WEBHOOK_URL = "BULWARK_WEBHOOK_URL";

  /** How recently a drill must have succeeded for the release gate to open (default 7d). */
  public static final String BULWARK_GATE_DRILL_WINDOW = "BULWARK_GATE_DRILL_WINDOW";

  /** How long backups must have been healthy for the release gate to open (default 24h). */
  public static final String BULWARK_GATE_HEALTH_WINDOW = "BULWARK_GATE_HEALTH_WINDOW";

  /** How old a required pre-upgrade snapshot may be (default 24h). */
  public static final String BULWARK_GATE_PRE_UPGRADE_MAX_AGE = "BULWARK_GATE_PRE_UPGRADE_MAX_AGE";

  /**
   * How old {@code gate.json} may be before {@code bulwark gate check} cannot decide (default 5m):
   * the runtime rewrites it every minute while it runs.
   */
  public static final String BULWARK_GATE_STALE_AFTER = "BULWARK_GATE_STALE_AFTER";

  /** Default of {@link #BACKUP_HOT_DAYS} (R11). */
  public static final int DEFAULT_HOT_DAYS = 30;

  /** Default of {@link #BACKUP_COLD_DAYS} (R11). */
  public static final int DEFAULT_COLD_DAYS = 180;

  /** The settings of R12, in the order {@link #toString()} shows them. */
  public static final List<String> SETTINGS =
      List.of(
          BACKUP_TARGET_DEFAULT,
          BACKUP_NAMESPACE,
          BACKUP_SINGLE_TARGET_ENFORCED,
          BACKUP_HOT_DAYS,
          BACKUP_COLD_DAYS,
          S3_BUCKET,
          S3_REGION,
          S3_ENDPOINT,
          OSS_BUCKET,
          OSS_ENDPOINT);

  /** Variables whose values are secrets: never logged, printed or written to status. */
  public static final Set<String> CREDENTIALS =
      Set.of(
          AWS_ACCESS_KEY_ID,
          AWS_SECRET_ACCESS_KEY,
          OSS_ACCESS_KEY_ID,
          OSS_ACCESS_KEY_SECRET,
          BULWARK_WEBHOOK_URL);

  private final Map<String, String> variables;

  private Environment(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  /** The environment of this process. */
  public static Environment system() {
    return new Environment(System.getenv());
  }

  /** An environment made of the given variables, for tests and embedding. */
  public static Environment of(Map<String, String> variables) {
    Map<String, String> copy = new LinkedHashMap<>();
    variables.forEach(
        (name, value) -> {
          if (name != null && value != null) {
            copy.put(name, value);
          }
        });
    return new Environment(copy);
  }

  /** The value of a variable, trimmed; empty when unset or blank. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(variables.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  /**
   * {@link #BACKUP_TARGET_DEFAULT} as a provider; empty when unset.
   *
   * @throws IllegalArgumentException when it is set to something other than local, s3 or oss
   */
  public Optional<TargetProvider> targetDefault() {
    Optional<String> raw = get(BACKUP_TARGET_DEFAULT);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        WireNames.parse(TargetProvider.class, raw.get())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        BACKUP_TARGET_DEFAULT
                            + "='"
                            + raw.get()
                            + "' is not a target; expected one of "
                            + WireNames.allOf(TargetProvider.class))));
  }

  /** {@link #BACKUP_NAMESPACE}, the {env} of the object layout; empty when unset. */
  public Optional<String> namespace() {
    return get(BACKUP_NAMESPACE);
  }

  /**
   * Whether {@link #BACKUP_SINGLE_TARGET_ENFORCED} keeps its default (unset, 1 or true): a job
   * writes to exactly one target (R7). Any other value allows a policy's {@code
   * spec.fallbackTarget}, to which a job whose target failed switches, with an alert.
   */
  public boolean singleTargetEnforced() {
    return get(BACKUP_SINGLE_TARGET_ENFORCED)
        .map(v -> v.equals("1") || v.equalsIgnoreCase("true"))
        .orElse(true);
  }

  /**
   * {@link #BACKUP_HOT_DAYS}, default 30.
   *
   * @throws IllegalArgumentException when set to something other than a whole number >= 0
   */
  public int hotDays() {
    return days(BACKUP_HOT_DAYS, DEFAULT_HOT_DAYS);
  }

  /**
   * {@link #BACKUP_COLD_DAYS}, default 180.
   *
   * @throws IllegalArgumentException when set to something other than a whole number >= 0
   */
  public int coldDays() {
    return days(BACKUP_COLD_DAYS, DEFAULT_COLD_DAYS);
  }

  /** {@link #S3_BUCKET}. */
  public Optional<String> s3Bucket() {
    return get(S3_BUCKET);
  }

  /** {@link #S3_REGION}. */
  public Optional<String> s3Region() {
    return get(S3_REGION);
  }

  /** {@link #S3_ENDPOINT}. */
  public Optional<String> s3Endpoint() {
    return get(S3_ENDPOINT);
  }

  /** {@link #OSS_BUCKET}. */
  public Optional<String> ossBucket() {
    return get(OSS_BUCKET);
  }

  /** {@link #OSS_ENDPOINT}. */
  public Optional<String> ossEndpoint() {
    return get(OSS_ENDPOINT);
  }

  /** {@link #BULWARK_WEBHOOK_URL}, the default alert webhook; empty when unset. */
  public Optional<String> webhookUrl() {
    return get(BULWARK_WEBHOOK_URL);
  }

  /**
   * {@link #BULWARK_GATE_DRILL_WINDOW}; empty when unset.
   *
   * @throws IllegalArgumentException when set to something that is not a duration
   */
  public Optional<Duration> gateDrillWindow() {
    return duration(BULWARK_GATE_DRILL_WINDOW);
  }

  /**
   * {@link #BULWARK_GATE_HEALTH_WINDOW}; empty when unset.
   *
   * @throws IllegalArgumentException when set to something that is not a duration
   */
  public Optional<Duration> gateHealthWindow() {
    return duration(BULWARK_GATE_HEALTH_WINDOW);
  }

  /**
   * {@link #BULWARK_GATE_PRE_UPGRADE_MAX_AGE}; empty when unset.
   *
   * @throws IllegalArgumentException when set to something that is not a duration
   */
  public Optional<Duration> gatePreUpgradeMaxAge() {
    return duration(BULWARK_GATE_PRE_UPGRADE_MAX_AGE);
  }

  /**
   * {@link #BULWARK_GATE_STALE_AFTER}; empty when unset.
   *
   * @throws IllegalArgumentException when set to something that is not a duration
   */
  public Optional<Duration> gateStaleAfter() {
    return duration(BULWARK_GATE_STALE_AFTER);
  }

  /** True for variables whose value must never be shown. */
  public static boolean isCredential(String name) {
    return CREDENTIALS.contains(name);
  }

  private int days(String name, int fallback) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      int days = Integer.parseInt(raw.get());
      if (days >= 0) {
        return days;
      }
    } catch (NumberFormatException e) {
      // reported below with the variable's name, which is more useful than the parser's text
    }
    throw new IllegalArgumentException(
        name + "='" + raw.get() + "' is not a number of days; expected a whole number >= 0");
  }

  private Optional<Duration> duration(String name) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Durations.parse(raw.get()));
    } catch (InvalidScheduleException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /** The R12 settings that are set, with credentials shown only as {@code <set>}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("Environment{");
    String separator = "";
    for (String name : SETTINGS) {
      Optional<String> value = get(name);
      if (value.isPresent()) {
        out.append(separator).append(name).append('=').append(value.get());
        separator = ", ";
      }
    }
    for (String name : CREDENTIALS.stream().sorted().toList()) {
      if (get(name).isPresent()) {
        out.append(separator).append(name).append("=<set>");
        separator = ", ";
      }
    }
    return out.append('}').toString();
  }
}
