package dev.bulwark.targets.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.targets.RequestTimeouts;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

class S3TargetConfigTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @Test
  void explicitValuesWinOverTheEnvironment() {
    S3TargetConfig config =
        S3TargetConfig.builder()
            .bucket("policy-bucket")
            .region("eu-west-1")
            .keyPrefix("team")
            .build(Map.of("S3_BUCKET", "env-bucket", "S3_REGION", "us-west-2"));

    assertThat(config.bucket()).isEqualTo("policy-bucket");
    assertThat(config.region()).isEqualTo("eu-west-1");
    assertThat(config.endpoint()).isEmpty();
    assertThat(config.pathStyle()).isFalse();
    assertThat(config.keyPrefix()).isEqualTo("team/");
    assertThat(config.describe()).isEqualTo("s3://policy-bucket/team/ in eu-west-1");
  }

  @Test
  void everyRequestIsBoundedByDefaultAndTheBoundsComeFromTheEnvironment() {
    S3TargetConfig defaults =
        S3TargetConfig.builder().build(Map.of("S3_BUCKET", "b-1", "S3_REGION", "eu-west-1"));
    assertThat(defaults.timeouts()).isEqualTo(RequestTimeouts.DEFAULTS);

    S3TargetConfig tuned =
        S3TargetConfig.builder()
            .connectTimeout(Duration.ofSeconds(3))
            .build(
                Map.of(
                    "S3_BUCKET", "b-1",
                    "S3_REGION", "eu-west-1",
                    "S3_CONNECT_TIMEOUT_SECONDS", "9",
                    "S3_READ_TIMEOUT_SECONDS", "20",
                    "S3_REQUEST_TIMEOUT_SECONDS", "600",
                    "S3_CALL_TIMEOUT_SECONDS", "1800"));
    assertThat(tuned.timeouts())
        .isEqualTo(
            new RequestTimeouts(
                Duration.ofSeconds(3),
                Duration.ofSeconds(20),
                Duration.ofMinutes(10),
                Duration.ofMinutes(30)));

    S3TargetConfig shortCall =
        S3TargetConfig.builder()
            .build(
                Map.of(
                    "S3_BUCKET", "b-1", "S3_REGION", "eu-west-1", "S3_CALL_TIMEOUT_SECONDS", "60"));
    assertThat(shortCall.timeouts().attempt())
        .as("one attempt fits in the call")
        .isEqualTo(Duration.ofMinutes(1));

    assertThatThrownBy(
            () ->
                S3TargetConfig.builder()
                    .build(
                        Map.of(
                            "S3_BUCKET",
                            "b-1",
                            "S3_REGION",
                            "eu-west-1",
                            "S3_REQUEST_TIMEOUT_SECONDS",
                            "2m")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "S3 target: S3_REQUEST_TIMEOUT_SECONDS='2m' is not a timeout; expected a whole number of"
                + " seconds > 0");
    assertThatThrownBy(
            () ->
                S3TargetConfig.builder()
                    .build(
                        Map.of(
                            "S3_BUCKET", "b-1",
                            "S3_REGION", "eu-west-1",
                            "S3_REQUEST_TIMEOUT_SECONDS", "600",
                            "S3_CALL_TIMEOUT_SECONDS", "60")))
        .hasMessageContaining("request timeout (600 s) is longer than the call timeout (60 s)");
  }

  @Test
  void theEnvironmentFillsTheGapsAndAnEndpointMeansPathStyle() {
    S3TargetConfig config =
        S3TargetConfig.builder()
            .build(Map.of("S3_BUCKET", "env-bucket", "S3_ENDPOINT", "http://minio:9000"));

    assertThat(config.bucket()).isEqualTo("env-bucket");
    assertThat(config.endpoint()).contains(URI.create("http://minio:9000"));
    assertThat(config.region()).isEqualTo("us-east-1");
    assertThat(config.pathStyle()).isTrue();
    assertThat(config.partSize()).isEqualTo(S3TargetConfig.DEFAULT_PART_SIZE);
    assertThat(config.maxAttempts()).isEqualTo(4);
  }

  @Test
  void missingSettingsNameTheVariableToSet() {
    assertThatThrownBy(() -> S3TargetConfig.builder().build(Map.of()))
        .hasMessageContaining("S3_BUCKET");
    assertThatThrownBy(() -> S3TargetConfig.builder().bucket("b-1").build(Map.of()))
        .hasMessageContaining("S3_REGION");
    assertThatThrownBy(() -> S3TargetConfig.builder().bucket("Bad_Bucket").region("r").build())
        .hasMessageContaining("bucket name 'Bad_Bucket' is invalid");
    assertThatThrownBy(() -> S3TargetConfig.builder().bucket("b-1").endpoint("minio:9000").build())
        .hasMessageContaining("needs a scheme and host");
    assertThatThrownBy(
            () -> S3TargetConfig.builder().bucket("b-1").region("r").partSize(1024).build())
        .hasMessageContaining("below S3's minimum");
    assertThatThrownBy(
            () -> S3TargetConfig.builder().bucket("b-1").region("r").maxAttempts(0).build())
        .hasMessageContaining("maxAttempts");
  }

  @Test
  void keysFromTheEnvironmentComeAsAPairAndNeverShowInText() {
    S3TargetConfig config =
        S3TargetConfig.builder()
            .bucket("b-1")
            .region("r")
            .build(Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", SECRET));

    AwsCredentials credentials = config.credentials().resolveCredentials();
    assertThat(credentials.accessKeyId()).isEqualTo("AKIAEXAMPLE");
    assertThat(credentials.secretAccessKey()).isEqualTo(SECRET);
    assertThat(config.toString()).doesNotContain(SECRET).doesNotContain("AKIAEXAMPLE");
    assertThatThrownBy(
            () ->
                S3TargetConfig.builder()
                    .bucket("b-1")
                    .region("r")
                    .build(Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")))
        .hasMessageContaining("set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void withoutKeysTheSdkDefaultChainIsUsed() {
    S3TargetConfig config = S3TargetConfig.builder().bucket("b-1").region("r").build();

    assertThat(config.credentials()).isInstanceOf(DefaultCredentialsProvider.class);
    assertThat(config.toString()).contains("default credential chain");
  }
}
