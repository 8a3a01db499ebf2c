package dev.bulwark.core.validation;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.backup.Hooks;
import dev.bulwark.api.backup.OssTargetSettings;
import dev.bulwark.api.backup.Retention;
import dev.bulwark.api.backup.S3TargetSettings;
import dev.bulwark.api.backup.Schedule;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.backup.TargetSettings;
import dev.bulwark.api.backup.Timeouts;
import dev.bulwark.api.common.HookCommand;
import dev.bulwark.core.Environment;
import dev.bulwark.core.jobs.JobDeadline;
import dev.bulwark.core.schedule.InvalidScheduleException;
import dev.bulwark.core.schedule.ScheduleDefaults;
import dev.bulwark.core.verify.VerifySettings;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Semantic checks of a BackupPolicy, reading R12 defaults from the environment. */
public final class BackupPolicyValidator {
  private static final Pattern ENV_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final Environment environment;

  /** A validator that resolves defaults (target, buckets, retention) from {@code environment}. */
  public BackupPolicyValidator(Environment environment) {
    this.environment = environment;
  }

  /** Every finding about the policy; never throws for a bad spec. */
  public List<SpecProblem> validate(BackupPolicy policy, ResourceLookup lookup) {
    Findings findings = new Findings();
    SharedChecks.name(policy, findings);
    BackupPolicySpec spec = policy.getSpec();
    if (spec == null) {
      findings.error("spec", "required; a BackupPolicy needs at least spec.sources");
      return findings.toList();
    }
    envSegment(spec, findings);
    target(spec, findings);
    SourceChecks.sources(spec.getSources(), findings);
    schedule(spec.getSchedule(), findings);
    verify(spec, findings);
    readerSchemaVersions(spec, findings);
    retention(spec.getRetention(), findings);
    if (spec.getEncryption() != null) {
      SharedChecks.secretRef(
          "spec.encryption.keyFrom", spec.getEncryption().getKeyFrom(), findings);
    }
    hooks(spec.getHooks(), findings);
    timeouts(spec.getTimeouts(), findings);
    SharedChecks.httpUrl(
        "spec.webhookUrl", spec.getWebhookUrl(), "https://hooks.example.com/bulwark", findings);
    return findings.toList();
  }

  private void envSegment(BackupPolicySpec spec, Findings findings) {
    String env = spec.getEnv();
    String shown = "'" + env + "'";
    if (env == null) {
      env = environment.namespace().orElse(null);
      shown = Environment.BACKUP_NAMESPACE + "='" + env + "'";
    }
    if (env != null && !ENV_SEGMENT.matcher(env).matches()) {
      findings.error(
          "spec.env",
          shown
              + " cannot be a folder of the object layout backups/{env}/; expected letters,"
              + " digits, '.', '_' or '-' (e.g. prod)");
    }
  }

  private void target(BackupPolicySpec spec, Findings findings) {
    TargetProvider target = spec.getTarget();
    try {
      Optional<TargetProvider> fallback = environment.targetDefault();
      if (target == null && fallback.isEmpty()) {
        findings.error(
            "spec.target",
            "not set and BACKUP_TARGET_DEFAULT is unset; set spec.target to local, s3 or oss"
                + " (Bulwark never guesses a target)");
        return;
      }
      target = target != null ? target : fallback.get();
    } catch (IllegalArgumentException e) {
      // A broken default only breaks the policies that rely on it.
      if (target == null) {
        findings.error("spec.target", "not set, and " + e.getMessage());
        return;
      }
      findings.warning("spec.target", e.getMessage() + " (unused here: spec.target is set)");
    }
    fallbackTarget(spec, target, findings);
    settingsOf(spec, target, findings);
  }

  /** R7: a fallback target only where single-target enforcement is explicitly off. */
  private void fallbackTarget(BackupPolicySpec spec, TargetProvider target, Findings findings) {
    TargetProvider fallback = spec.getFallbackTarget();
    if (fallback == null) {
      return;
    }
    if (environment.singleTargetEnforced()) {
      findings.error(
          "spec.fallbackTarget",
          "a job writes to exactly one target; a fallback is allowed only when "
              + Environment.BACKUP_SINGLE_TARGET_ENFORCED
              + "=0");
    } else if (fallback == target) {
      findings.error("spec.fallbackTarget", "is the job's own target; name a different one");
    } else {
      settingsOf(spec, fallback, findings);
    }
  }

  private void settingsOf(BackupPolicySpec spec, TargetProvider target, Findings findings) {
    TargetSettings settings = spec.getTargets();
    switch (target) {
      case S3 -> {
        S3TargetSettings s3 = settings == null ? null : settings.getS3();
        required(
                s3,
                S3TargetSettings::getBucket,
                environment::s3Bucket,
                "spec.targets.s3.bucket",
                Environment.S3_BUCKET,
                findings)
            .ifPresent(
                bucket ->
                    BucketNames.s3Problem(bucket.value())
                        .ifPresent(
                            problem ->
                                findings.error(
                                    "spec.targets.s3.bucket", bucket.describe(problem))));
        if (s3 != null && s3.getEndpoint() != null) {
          SharedChecks.httpUrl(
              "spec.targets.s3.endpoint", s3.getEndpoint(), "http://minio:9000", findings);
        }
      }
      case OSS -> {
        OssTargetSettings oss = settings == null ? null : settings.getOss();
        required(
                oss,
                OssTargetSettings::getBucket,
                environment::ossBucket,
                "spec.targets.oss.bucket",
                Environment.OSS_BUCKET,
                findings)
            .ifPresent(
                bucket ->
                    BucketNames.ossProblem(bucket.value())
                        .ifPresent(
                            problem ->
                                findings.error(
                                    "spec.targets.oss.bucket", bucket.describe(problem))));
        required(
            oss,
            OssTargetSettings::getEndpoint,
            environment::ossEndpoint,
            "spec.targets.oss.endpoint",
            Environment.OSS_ENDPOINT,
            findings);
      }
      case LOCAL -> {
        // the local repository defaults to <state>/repository: nothing is required
      }
    }
  }

  /**
   * A setting a job needs, from the spec or else the environment.
   *
   * @param value the value in effect
   * @param variable the environment variable it came from, or null when the spec set it
   */
  private record Setting(String value, String variable) {
    /** A problem of the value, saying where it came from when that was the environment. */
    String describe(String problem) {
      return variable == null ? problem : problem + " (from " + variable + ")";
    }
  }

  /**
   * The setting in effect, or empty after an error at {@code field} when neither the spec nor the
   * environment sets it.
   */
  private static <T> Optional<Setting> required(
      T settings,
      Function<T, String> value,
      Supplier<Optional<String>> fallback,
      String field,
      String variable,
      Findings findings) {
    String own = settings == null ? null : value.apply(settings);
    if (own != null && !own.isBlank()) {
      return Optional.of(new Setting(own, null));
    }
    Optional<String> inherited = fallback.get();
    if (inherited.isEmpty()) {
      findings.error(field, "required by the target; set it here or in " + variable);
      return Optional.empty();
    }
    return Optional.of(new Setting(inherited.get(), variable));
  }

  private static void timeouts(Timeouts timeouts, Findings findings) {
    if (timeouts == null || timeouts.getJob() == null) {
      return;
    }
    try {
      JobDeadline.parse(timeouts.getJob());
    } catch (InvalidScheduleException e) {
      findings.error("spec.timeouts.job", e.getMessage());
    }
  }

  private static void schedule(Schedule schedule, Findings findings) {
    Optional<ZoneId> zone =
        SharedChecks.timeZone(
            "spec.schedule.timeZone", ScheduleDefaults.timeZone(schedule), findings);
    SharedChecks.cron(
        "spec.schedule.incremental", ScheduleDefaults.incremental(schedule), zone, findings);
    SharedChecks.cron("spec.schedule.full", ScheduleDefaults.full(schedule), zone, findings);
  }

  private static void verify(BackupPolicySpec spec, Findings findings) {
    if (spec.getVerify() == null) {
      return;
    }
    VerifySettings settings = VerifySettings.of(spec);
    Optional<ZoneId> zone =
        SharedChecks.timeZone(
            "spec.schedule.timeZone",
            ScheduleDefaults.timeZone(spec.getSchedule()),
            new Findings());
    SharedChecks.cron("spec.verify.schedule", settings.schedule(), zone, findings);
    VerifySettings.sampleProblem(settings.sample())
        .ifPresent(why -> findings.error("spec.verify.sample", why));
  }

  private static void readerSchemaVersions(BackupPolicySpec spec, Findings findings) {
    if (spec.getReaderSchemaVersions() == null) {
      return;
    }
    spec.getReaderSchemaVersions()
        .forEach(
            (domain, version) -> {
              String field = "spec.readerSchemaVersions." + domain;
              if (version == null || version < 1) {
                findings.error(
                    field,
                    version
                        + " is not a schema version; expected a whole number >= 1 (the version the"
                        + " domain's readers are at)");
              } else if (spec.getSources() != null
                  && spec.getSources().stream().noneMatch(s -> domain.equals(s.getDomain()))) {
                findings.warning(
                    field,
                    "no source of this policy has domain '"
                        + domain
                        + "'; the setting checks nothing");
              }
            });
  }

  private void retention(Retention retention, Findings findings) {
    Integer hot = retention == null ? null : retention.getHotDays();
    Integer cold = retention == null ? null : retention.getColdDays();
    hot = hot != null ? hot : envDays(environment::hotDays, "spec.retention.hotDays", findings);
    cold =
        cold != null ? cold : envDays(environment::coldDays, "spec.retention.coldDays", findings);
    SharedChecks.notNegative("spec.retention.hotDays", hot, findings);
    if (cold != null && cold < 1) {
      findings.error(
          "spec.retention.coldDays", cold + " would expire snapshots at once; expected >= 1");
    }
    if (retention != null) {
      SharedChecks.notNegative("spec.retention.keepLast", retention.getKeepLast(), findings);
    }
    if (hot != null && cold != null && hot > cold) {
      findings.error(
          "spec.retention.hotDays",
          "hotDays ("
              + hot
              + ") is greater than coldDays ("
              + cold
              + "); objects expire after coldDays, so expected hotDays <= coldDays");
    }
  }

  private static Integer envDays(Supplier<Integer> days, String field, Findings findings) {
    try {
      return days.get();
    } catch (IllegalArgumentException e) {
      findings.error(field, "not set, and " + e.getMessage());
      return null;
    }
  }

  private static void hooks(Hooks hooks, Findings findings) {
    if (hooks != null) {
      hookList("spec.hooks.pre", hooks.getPre(), findings);
      hookList("spec.hooks.post", hooks.getPost(), findings);
    }
  }

  private static void hookList(String field, List<HookCommand> commands, Findings findings) {
    if (commands == null) {
      return;
    }
    for (int i = 0; i < commands.size(); i++) {
      String at = field + "[" + i + "]";
      HookCommand hook = commands.get(i);
      List<String> argv = hook == null ? null : hook.getCommand();
      if (argv == null || argv.isEmpty() || argv.get(0) == null || argv.get(0).isBlank()) {
        findings.error(
            at + ".command", "empty; expected the argv of a command, e.g. [sh, -c, \"echo hi\"]");
      }
      if (hook != null && hook.getTimeoutSeconds() != null && hook.getTimeoutSeconds() < 1) {
        findings.error(
            at + ".timeoutSeconds", hook.getTimeoutSeconds() + " is too small; expected >= 1");
      }
    }
  }
}
