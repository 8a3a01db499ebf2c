package dev.bulwark.core.validation;

import static dev.bulwark.core.validation.SpecProblem.error;
import static dev.bulwark.core.validation.SpecProblem.warning;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.ClaimSource;
import dev.bulwark.api.backup.Encryption;
import dev.bulwark.api.backup.Hooks;
import dev.bulwark.api.backup.OssTargetSettings;
import dev.bulwark.api.backup.PostgresSource;
import dev.bulwark.api.backup.Retention;
import dev.bulwark.api.backup.S3TargetSettings;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.backup.TargetSettings;
import dev.bulwark.api.backup.Timeouts;
import dev.bulwark.api.common.HookCommand;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.core.Environment;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.testing.TestingYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupPolicyValidatorTest {
  private final BackupPolicy policy = TestingResources.backupPolicy("teaching-data");

  private static List<SpecProblem> validate(BackupPolicy policy) {
    return validate(policy, Map.of());
  }

  private static List<SpecProblem> validate(BackupPolicy policy, Map<String, String> env) {
    return new BackupPolicyValidator(Environment.of(env)).validate(policy, ResourceLookup.empty());
  }

  private Source source() {
    return policy.getSpec().getSources().get(0);
  }

  @Test
  void theTestingPolicyIsValid() {
    assertThat(validate(policy)).isEmpty();
  }

  @Test
  void aPolicyUsingEveryFieldIsValid() {
    BackupPolicy complete =
        TestingYaml.resource("/validation/backup-policy-complete.yaml", BackupPolicy.class);

    assertThat(validate(complete)).isEmpty();
  }

  @Test
  void reportsEveryMistakeOfABrokenPolicyByField() {
    BackupPolicy broken =
        TestingYaml.resource("/validation/backup-policy-broken.yaml", BackupPolicy.class);

    assertThat(validate(broken))
        .extracting(p -> p.severity() + " " + p.field())
        .containsExactly(
            "ERROR metadata.name",
            "ERROR spec.env",
            "ERROR spec.targets.oss.endpoint",
            "ERROR spec.sources[0].domain",
            "WARNING spec.sources[0].path",
            "ERROR spec.sources[0].include[0]",
            "ERROR spec.sources[1]",
            "ERROR spec.schedule.timeZone",
            "ERROR spec.schedule.incremental",
            "ERROR spec.schedule.full",
            "ERROR spec.retention.keepLast",
            "ERROR spec.retention.hotDays",
            "ERROR spec.encryption.keyFrom",
            "ERROR spec.hooks.pre[0].command",
            "ERROR spec.webhookUrl");
  }

  @Test
  void aJobDeadlineMustBeAPositiveDuration() {
    Timeouts timeouts = new Timeouts();
    policy.getSpec().setTimeouts(timeouts);
    for (String valid : List.of("90m", "6h", "1d", "PT6H")) {
      timeouts.setJob(valid);
      assertThat(validate(policy)).as(valid).isEmpty();
    }

    timeouts.setJob("six hours");
    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.timeouts.job",
                "'six hours' is not a duration; expected e.g. 30s, 5m, 1h, 2d or ISO-8601 PT5M"));
    timeouts.setJob("0s");
    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.timeouts.job",
                "'0s' would stop every job at once; expected a duration > 0 such as 6h"));
  }

  @Test
  void nameIsRequired() {
    policy.setRef(policy.getRef().withName(null));

    assertThat(validate(policy))
        .containsExactly(
            error(
                "metadata.name",
                "required; name the resource with lowercase letters, digits, '-' or '.'"));
  }

  @Test
  void nameMustBeADns1123Subdomain() {
    policy.setRef(policy.getRef().withName("Teaching_Data"));

    assertThat(validate(policy))
        .containsExactly(
            error(
                "metadata.name",
                "'Teaching_Data' is not a valid name; expected lowercase letters, digits, '-' and"
                    + " '.', starting and ending with a letter or digit, at most 253 characters"
                    + " (DNS-1123 subdomain)"));
  }

  @Test
  void dottedNamesAreValid() {
    policy.setRef(policy.getRef().withName("teaching-data.prod"));

    assertThat(validate(policy)).isEmpty();
  }

  @Test
  void specIsRequired() {
    policy.setSpec(null);

    assertThat(validate(policy))
        .containsExactly(error("spec", "required; a BackupPolicy needs at least spec.sources"));
  }

  @Test
  void atLeastOneSourceIsRequired() {
    policy.getSpec().setSources(List.of());

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.sources",
                "required; list at least one directory (path), database (postgres) or volume"
                    + " (persistentVolumeClaim) to back up"));
  }

  @Test
  void aSourceIsAPathOrADatabaseNotBoth() {
    PostgresSource postgres = new PostgresSource();
    postgres.setDatabase("app");
    source().setPostgres(postgres);

    assertThat(validate(policy))
        .contains(
            error("spec.sources[0]", "path and postgres are both set; set exactly one per source"));
  }

  @Test
  void aSourceNeedsAPathOrADatabase() {
    source().setPath(null);

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.sources[0]",
                "none of path, postgres and persistentVolumeClaim is set; set exactly one per source"));
  }

  @Test
  void aClaimSourceNamesAClaimAndARelativeSubPath() {
    source().setPath(null);
    ClaimSource claim = new ClaimSource();
    claim.setClaimName("Exams_Data");
    claim.setSubPath("../etc");
    source().setPersistentVolumeClaim(claim);

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.sources[0].persistentVolumeClaim.claimName",
                "'Exams_Data' is not a PersistentVolumeClaim name; expected lowercase letters,"
                    + " digits, '-' or '.', starting and ending with a letter or digit"),
            error(
                "spec.sources[0].persistentVolumeClaim.subPath",
                "'../etc' must be a relative directory inside the volume, without '..' (e.g."
                    + " exams/2026)"));
  }

  @Test
  void aValidClaimSourceHasNoFindings() {
    source().setPath(null);
    ClaimSource claim = new ClaimSource();
    claim.setClaimName("exams");
    claim.setSubPath("2026/algebra");
    source().setPersistentVolumeClaim(claim);

    assertThat(validate(policy)).isEmpty();
  }

  @Test
  void aClaimAndAPathInOneSourceAreRefused() {
    ClaimSource claim = new ClaimSource();
    claim.setClaimName("exams");
    source().setPersistentVolumeClaim(claim);

    assertThat(validate(policy))
        .contains(
            error(
                "spec.sources[0]",
                "path and persistentVolumeClaim are both set; set exactly one per source"));
  }

  @Test
  void anEmptySourceEntryIsReported() {
    List<Source> sources = new ArrayList<>(policy.getSpec().getSources());
    sources.add(null);
    policy.getSpec().setSources(sources);

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.sources[1]",
                "empty entry; expected a path, postgres or persistentVolumeClaim source with a domain"));
  }

  @Test
  void domainIsRequired() {
    source().setDomain(null);

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.sources[0].domain",
                "required; tag the source with a data domain such as raw or serving"));
  }

  @Test
  void domainIsALowercaseIdentifier() {
    source().setDomain("Student Profiles");

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.sources[0].domain",
                "'Student Profiles' is not a domain name; expected lowercase letters, digits, '_'"
                    + " or '-', starting with a letter (e.g. raw, student_profiles)"));
  }

  @Test
  void aRelativePathIsAWarning() {
    source().setPath("data/raw");

    assertThat(validate(policy))
        .containsExactly(
            warning(
                "spec.sources[0].path",
                "relative path 'data/raw' depends on the operator's working directory; use an"
                    + " absolute path"));
  }

  @Test
  void aMissingFolderIsAWarning(@TempDir Path temp) {
    String missing = temp.resolve("not-there").toString();
    source().setPath(missing);

    assertThat(validate(policy))
        .containsExactly(
            warning(
                "spec.sources[0].path",
                "'" + missing + "' does not exist (yet); backups fail until it does"));
  }

  @Test
  void includeGlobsMustCompile() {
    source().setInclude(List.of("**/*.json", "*.{json,csv"));

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.sources[0].include[1]",
                "'*.{json,csv' is not a valid glob (Missing '} at index 10); expected e.g."
                    + " **/*.json"));
  }

  @Test
  void excludeGlobsMustCompileAndNotBeEmpty() {
    source().setExclude(List.of("[a-", ""));

    assertThat(validate(policy))
        .extracting(SpecProblem::field, SpecProblem::isError)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("spec.sources[0].exclude[0]", true),
            org.assertj.core.groups.Tuple.tuple("spec.sources[0].exclude[1]", true));
    assertThat(validate(policy).get(1).message())
        .isEqualTo("empty pattern; expected a glob such as **/*.json");
  }

  @Test
  void postgresNeedsADatabaseAndAPortInRange() {
    PostgresSource postgres = new PostgresSource();
    postgres.setPort(70000);
    source().setPath(null);
    source().setPostgres(postgres);

    assertThat(validate(policy))
        .containsExactly(
            error("spec.sources[0].postgres.database", "required; name the database to dump"),
            error(
                "spec.sources[0].postgres.port",
                "70000 is not a port; expected 1 to 65535 (default 5432)"));
  }

  @Test
  void postgresPasswordComesFromExactlyOnePlace() {
    PostgresSource postgres = new PostgresSource();
    postgres.setDatabase("app");
    postgres.setPasswordFrom(secretRef("PGPASSWORD", "/run/secrets/pg"));
    source().setPath(null);
    source().setPostgres(postgres);

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.sources[0].postgres.passwordFrom",
                "more than one of env, file and secret is set"
                    + "; set exactly one: env (a variable name), file (a path) or secret (name and key of a Kubernetes Secret)"));
  }

  @Test
  void incrementalCronMustParseWithCronUtilsReason() {
    policy.getSpec().getSchedule().setIncremental("*/5 * * *");

    List<SpecProblem> problems = validate(policy);

    assertThat(problems)
        .extracting(SpecProblem::field)
        .containsExactly("spec.schedule.incremental");
    assertThat(problems.get(0).message())
        .startsWith("invalid cron expression '*/5 * * *': Cron expression contains 4 parts")
        .endsWith(
            "or one of @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually, or @every <duration> such as @every 30s");
  }

  @Test
  void fullCronMustParse() {
    policy.getSpec().getSchedule().setFull("0 25 * * *");

    List<SpecProblem> problems = validate(policy);

    assertThat(problems).extracting(SpecProblem::field).containsExactly("spec.schedule.full");
    assertThat(problems.get(0).message()).contains("Value 25 not in range [0, 23]");
  }

  @Test
  void presetsAreValidCrons() {
    policy.getSpec().getSchedule().setIncremental("@hourly");
    policy.getSpec().getSchedule().setFull("@weekly");

    assertThat(validate(policy)).isEmpty();
  }

  @Test
  void timeZoneMustBeKnown() {
    policy.getSpec().getSchedule().setTimeZone("Asia/Atlantis");

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.schedule.timeZone",
                "unknown time zone 'Asia/Atlantis'; expected an IANA name such as UTC or"
                    + " Europe/Berlin"));
  }

  @Test
  void aTargetIsNeverGuessed() {
    policy.getSpec().setTarget(null);

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.target",
                "not set and BACKUP_TARGET_DEFAULT is unset; set spec.target to local, s3 or oss"
                    + " (Bulwark never guesses a target)"));
  }

  @Test
  void aFallbackTargetNeedsSingleTargetEnforcementOff() {
    policy.getSpec().setFallbackTarget(TargetProvider.S3);

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.fallbackTarget",
                "a job writes to exactly one target; a fallback is allowed only when"
                    + " BACKUP_SINGLE_TARGET_ENFORCED=0"));
    assertThat(validate(policy, Map.of("BACKUP_SINGLE_TARGET_ENFORCED", "0")))
        .containsExactly(
            error("spec.targets.s3.bucket", "required by the target; set it here or in S3_BUCKET"));
    assertThat(
            validate(policy, Map.of("BACKUP_SINGLE_TARGET_ENFORCED", "0", "S3_BUCKET", "backups")))
        .isEmpty();
  }

  @Test
  void aFallbackTargetIsNotTheTargetItself() {
    policy.getSpec().setFallbackTarget(policy.getSpec().getTarget());

    assertThat(validate(policy, Map.of("BACKUP_SINGLE_TARGET_ENFORCED", "0")))
        .containsExactly(
            error("spec.fallbackTarget", "is the job's own target; name a different one"));
  }

  @Test
  void theDefaultTargetComesFromTheEnvironment() {
    policy.getSpec().setTarget(null);

    assertThat(validate(policy, Map.of("BACKUP_TARGET_DEFAULT", "local"))).isEmpty();
  }

  @Test
  void anUnknownDefaultTargetIsAnErrorWhenThePolicyReliesOnIt() {
    policy.getSpec().setTarget(null);

    assertThat(validate(policy, Map.of("BACKUP_TARGET_DEFAULT", "gcs")))
        .containsExactly(
            error(
                "spec.target",
                "not set, and BACKUP_TARGET_DEFAULT='gcs' is not a target; expected one of local,"
                    + " s3, oss"));
  }

  @Test
  void anUnknownDefaultTargetIsAWarningWhenThePolicyNamesItsOwn() {
    assertThat(validate(policy, Map.of("BACKUP_TARGET_DEFAULT", "gcs")))
        .containsExactly(
            warning(
                "spec.target",
                "BACKUP_TARGET_DEFAULT='gcs' is not a target; expected one of local, s3, oss"
                    + " (unused here: spec.target is set)"));
  }

  @Test
  void s3NeedsABucketInTheSpecOrTheEnvironment() {
    policy.getSpec().setTarget(TargetProvider.S3);

    assertThat(validate(policy))
        .containsExactly(
            error("spec.targets.s3.bucket", "required by the target; set it here or in S3_BUCKET"));
    assertThat(validate(policy, Map.of("S3_BUCKET", "school-backups"))).isEmpty();
  }

  @Test
  void s3TakesItsBucketFromTheSpec() {
    S3TargetSettings s3 = new S3TargetSettings();
    s3.setBucket("school-backups");
    policy.getSpec().setTarget(TargetProvider.S3);
    policy.getSpec().setTargets(targets(s3, null));

    assertThat(validate(policy)).isEmpty();
  }

  @Test
  void s3EndpointMustBeAnHttpUrl() {
    S3TargetSettings s3 = new S3TargetSettings();
    s3.setBucket("school-backups");
    s3.setEndpoint("minio:9000");
    policy.getSpec().setTarget(TargetProvider.S3);
    policy.getSpec().setTargets(targets(s3, null));

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.targets.s3.endpoint",
                "'minio:9000' is not an http(s) URL; expected e.g. http://minio:9000"));
  }

  @Test
  void ossNeedsABucketAndAnEndpoint() {
    policy.getSpec().setTarget(TargetProvider.OSS);
    policy.getSpec().setTargets(targets(null, new OssTargetSettings()));

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.targets.oss.bucket", "required by the target; set it here or in OSS_BUCKET"),
            error(
                "spec.targets.oss.endpoint",
                "required by the target; set it here or in OSS_ENDPOINT"));
    assertThat(
            validate(
                policy,
                Map.of(
                    "OSS_BUCKET",
                    "exam-backups",
                    "OSS_ENDPOINT",
                    "https://oss-cn-hangzhou.aliyuncs.com")))
        .isEmpty();
  }

  @Test
  void bucketNamesFollowTheirTargetsRules() {
    OssTargetSettings oss = new OssTargetSettings();
    oss.setBucket("b9");
    oss.setEndpoint("https://oss-cn-hangzhou.aliyuncs.com");
    policy.getSpec().setTarget(TargetProvider.OSS);
    policy.getSpec().setTargets(targets(null, oss));
    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.targets.oss.bucket",
                "bucket name 'b9' is invalid: use 3 to 63 lower-case letters, digits and hyphens, starting and"
                    + " ending with a letter or digit"));

    oss.setBucket(null);
    assertThat(validate(policy, Map.of("OSS_BUCKET", "exam.backups")))
        .as("OSS allows no dots; the variable is named")
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .startsWith("bucket name 'exam.backups' is invalid")
                    .endsWith("(from OSS_BUCKET)"));

    S3TargetSettings s3 = new S3TargetSettings();
    s3.setBucket("Exam_Backups");
    policy.getSpec().setTarget(TargetProvider.S3);
    policy.getSpec().setTargets(targets(s3, null));
    assertThat(validate(policy))
        .singleElement()
        .satisfies(p -> assertThat(p.field()).isEqualTo("spec.targets.s3.bucket"));
    s3.setBucket("exam.backups-2026");
    assertThat(validate(policy)).isEmpty();
  }

  @Test
  void settingsOfOtherTargetsAreNotRequired() {
    policy.getSpec().setTargets(targets(new S3TargetSettings(), new OssTargetSettings()));

    assertThat(validate(policy)).isEmpty();
  }

  @Test
  void hotDaysMayNotExceedColdDays() {
    policy.getSpec().setRetention(retention(200, 180, 0));

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.retention.hotDays",
                "hotDays (200) is greater than coldDays (180); objects expire after coldDays, so"
                    + " expected hotDays <= coldDays"));
  }

  @Test
  void retentionNumbersMayNotBeNegative() {
    policy.getSpec().setRetention(retention(-1, 180, -3));

    assertThat(validate(policy))
        .containsExactly(
            error("spec.retention.hotDays", "-1 is negative; expected a number >= 0"),
            error("spec.retention.keepLast", "-3 is negative; expected a number >= 0"));
  }

  @Test
  void coldDaysOfZeroWouldExpireAtOnce() {
    policy.getSpec().setRetention(retention(0, 0, 0));

    assertThat(validate(policy))
        .containsExactly(
            error("spec.retention.coldDays", "0 would expire snapshots at once; expected >= 1"));
  }

  @Test
  void retentionDefaultsComeFromTheEnvironment() {
    policy.getSpec().setRetention(null);

    assertThat(validate(policy, Map.of("BACKUP_HOT_DAYS", "200")))
        .containsExactly(
            error(
                "spec.retention.hotDays",
                "hotDays (200) is greater than coldDays (180); objects expire after coldDays, so"
                    + " expected hotDays <= coldDays"));
    assertThat(validate(policy, Map.of("BACKUP_COLD_DAYS", "soon")))
        .containsExactly(
            error(
                "spec.retention.coldDays",
                "not set, and BACKUP_COLD_DAYS='soon' is not a number of days; expected a whole"
                    + " number >= 0"));
  }

  @Test
  void encryptionKeyComesFromExactlyOnePlace() {
    Encryption encryption = new Encryption();
    encryption.setKeyFrom(secretRef(null, null));
    policy.getSpec().setEncryption(encryption);

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.encryption.keyFrom",
                "none of env, file and secret is set"
                    + "; set exactly one: env (a variable name), file (a path) or secret (name and key of a Kubernetes Secret)"));

    encryption.setKeyFrom(null);
    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.encryption.keyFrom",
                "required; set exactly one: env (a variable name), file (a path) or secret (name and key of a"
                    + " Kubernetes Secret)"));
  }

  @Test
  void aSecretReferenceNeedsItsNameAndKey() {
    Encryption encryption = new Encryption();
    SecretRef ref = new SecretRef();
    dev.bulwark.api.common.SecretKeyRef secret = new dev.bulwark.api.common.SecretKeyRef();
    secret.setName("backup-key");
    ref.setSecret(secret);
    encryption.setKeyFrom(ref);
    policy.getSpec().setEncryption(encryption);

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.encryption.keyFrom.secret",
                "needs both name (the Secret) and key (within its data)"));

    secret.setKey("key");
    assertThat(validate(policy)).isEmpty();
  }

  @Test
  void hooksNeedACommand() {
    HookCommand empty = new HookCommand();
    empty.setCommand(List.of());
    HookCommand fine = new HookCommand();
    fine.setCommand(List.of("sh", "-c", "true"));
    fine.setTimeoutSeconds(0);
    Hooks hooks = new Hooks();
    hooks.setPre(List.of(fine));
    hooks.setPost(List.of(fine, empty));
    policy.getSpec().setHooks(hooks);

    assertThat(validate(policy))
        .containsExactly(
            error("spec.hooks.pre[0].timeoutSeconds", "0 is too small; expected >= 1"),
            error("spec.hooks.post[0].timeoutSeconds", "0 is too small; expected >= 1"),
            error(
                "spec.hooks.post[1].command",
                "empty; expected the argv of a command, e.g. [sh, -c, \"echo hi\"]"));
  }

  @Test
  void webhookUrlMustBeHttpOrHttps() {
    policy.getSpec().setWebhookUrl("ftp://hooks.example.com/x");

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.webhookUrl",
                "'ftp://hooks.example.com/x' is not an http(s) URL; expected e.g."
                    + " https://hooks.example.com/bulwark"));

    policy.getSpec().setWebhookUrl("https://hooks.example.com/bulwark?token=x");
    assertThat(validate(policy)).isEmpty();
  }

  @Test
  void envMustBeAFolderName() {
    policy.getSpec().setEnv("../prod");

    assertThat(validate(policy))
        .containsExactly(
            error(
                "spec.env",
                "'../prod' cannot be a folder of the object layout backups/{env}/; expected"
                    + " letters, digits, '.', '_' or '-' (e.g. prod)"));
  }

  @Test
  void envFallsBackToBackupNamespace() {
    policy.getSpec().setEnv(null);

    assertThat(validate(policy, Map.of("BACKUP_NAMESPACE", "staging"))).isEmpty();
    assertThat(validate(policy, Map.of("BACKUP_NAMESPACE", "a b")))
        .extracting(SpecProblem::message)
        .containsExactly(
            "BACKUP_NAMESPACE='a b' cannot be a folder of the object layout backups/{env}/;"
                + " expected letters, digits, '.', '_' or '-' (e.g. prod)");
  }

  private static SecretRef secretRef(String env, String file) {
    SecretRef ref = new SecretRef();
    ref.setEnv(env);
    ref.setFile(file);
    return ref;
  }

  private static TargetSettings targets(S3TargetSettings s3, OssTargetSettings oss) {
    TargetSettings settings = new TargetSettings();
    settings.setS3(s3);
    settings.setOss(oss);
    return settings;
  }

  private static Retention retention(int hot, int cold, int keepLast) {
    Retention retention = new Retention();
    retention.setHotDays(hot);
    retention.setColdDays(cold);
    retention.setKeepLast(keepLast);
    return retention;
  }
}
