package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.api.backup.TargetProvider;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {
  @Test
  void blankValuesCountAsUnset() {
    Environment env = Environment.of(Map.of("S3_BUCKET", "  ", "S3_REGION", " eu-west-1 "));

    assertThat(env.get("S3_BUCKET")).isEmpty();
    assertThat(env.s3Bucket()).isEmpty();
    assertThat(env.s3Region()).contains("eu-west-1");
    assertThat(env.get("NOT_SET")).isEmpty();
  }

  @Test
  void nullValuesAreSkipped() {
    Map<String, String> variables = new HashMap<>();
    variables.put("OSS_BUCKET", null);
    variables.put("OSS_ENDPOINT", "https://oss-cn-hangzhou.aliyuncs.com");

    Environment env = Environment.of(variables);

    assertThat(env.ossBucket()).isEmpty();
    assertThat(env.ossEndpoint()).contains("https://oss-cn-hangzhou.aliyuncs.com");
  }

  @Test
  void readsTheDefaultTargetByItsYamlName() {
    assertThat(Environment.of(Map.of("BACKUP_TARGET_DEFAULT", "oss")).targetDefault())
        .contains(TargetProvider.OSS);
    assertThat(Environment.of(Map.of()).targetDefault()).isEmpty();
  }

  @Test
  void rejectsAnUnknownDefaultTargetNamingTheChoices() {
    Environment env = Environment.of(Map.of("BACKUP_TARGET_DEFAULT", "gcs"));

    assertThatThrownBy(env::targetDefault)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BACKUP_TARGET_DEFAULT='gcs' is not a target; expected one of local, s3, oss");
  }

  @Test
  void retentionDaysDefaultToR11AndRejectNonNumbers() {
    assertThat(Environment.of(Map.of()).hotDays()).isEqualTo(30);
    assertThat(Environment.of(Map.of()).coldDays()).isEqualTo(180);
    assertThat(Environment.of(Map.of("BACKUP_HOT_DAYS", "7")).hotDays()).isEqualTo(7);

    assertThatThrownBy(() -> Environment.of(Map.of("BACKUP_COLD_DAYS", "half a year")).coldDays())
        .hasMessage(
            "BACKUP_COLD_DAYS='half a year' is not a number of days; expected a whole number >= 0");
    assertThatThrownBy(() -> Environment.of(Map.of("BACKUP_HOT_DAYS", "-1")).hotDays())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void singleTargetIsEnforcedUnlessTurnedOffExplicitly() {
    assertThat(Environment.of(Map.of()).singleTargetEnforced()).isTrue();
    assertThat(Environment.of(Map.of("BACKUP_SINGLE_TARGET_ENFORCED", "1")).singleTargetEnforced())
        .isTrue();
    assertThat(Environment.of(Map.of("BACKUP_SINGLE_TARGET_ENFORCED", "0")).singleTargetEnforced())
        .isFalse();
  }

  @Test
  void credentialsAreReadableButNeverPrinted() {
    Environment env =
        Environment.of(
            Map.of(
                "AWS_SECRET_ACCESS_KEY", "s3cr3t-value",
                "OSS_ACCESS_KEY_SECRET", "another-s3cr3t",
                "S3_BUCKET", "school-backups",
                "UNRELATED", "not-shown"));

    assertThat(env.get("AWS_SECRET_ACCESS_KEY")).contains("s3cr3t-value");
    assertThat(env.toString())
        .isEqualTo(
            "Environment{S3_BUCKET=school-backups, AWS_SECRET_ACCESS_KEY=<set>,"
                + " OSS_ACCESS_KEY_SECRET=<set>}")
        .doesNotContain("s3cr3t");
    assertThat(Environment.isCredential("OSS_ACCESS_KEY_ID")).isTrue();
    assertThat(Environment.isCredential("S3_BUCKET")).isFalse();
  }

  @Test
  void systemReadsTheProcessEnvironment() {
    assertThat(Environment.system().get("PATH"))
        .isEqualTo(java.util.Optional.ofNullable(System.getenv("PATH")).filter(p -> !p.isBlank()));
  }
}
