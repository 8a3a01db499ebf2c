package dev.bulwark.targets.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OssTargetConfigTest {
  private static final Map<String, String> ENV =
      Map.of(
          "OSS_BUCKET", "env-bucket",
          "OSS_ENDPOINT", "https://oss-cn-hangzhou.aliyuncs.com",
          "OSS_ACCESS_KEY_ID", "LTAIEXAMPLE",
          "OSS_ACCESS_KEY_SECRET", "oss-example-secret");

  @Test
  void theEnvironmentFillsTheGapsAndExplicitValuesWin() {
    OssTargetConfig fromEnv = OssTargetConfig.builder().build(ENV);
    OssTargetConfig explicit =
        OssTargetConfig.builder()
            .bucket("policy-bucket")
            .keyPrefix("team/")
            .pathStyle(true)
            .build(ENV);

    assertThat(fromEnv.bucket()).isEqualTo("env-bucket");
    assertThat(fromEnv.endpoint()).isEqualTo(URI.create("https://oss-cn-hangzhou.aliyuncs.com"));
    assertThat(fromEnv.accessKeyId()).isEqualTo("LTAIEXAMPLE");
    assertThat(explicit.bucket()).isEqualTo("policy-bucket");
    assertThat(explicit.pathStyle()).isTrue();
    assertThat(explicit.describe())
        .isEqualTo("oss://policy-bucket/team/ at https://oss-cn-hangzhou.aliyuncs.com");
  }

  @Test
  void missingSettingsNameTheVariableToSet() {
    assertThatThrownBy(() -> OssTargetConfig.builder().build(Map.of()))
        .hasMessageContaining("OSS_BUCKET");
    assertThatThrownBy(() -> OssTargetConfig.builder().bucket("b-1").build(Map.of()))
        .hasMessageContaining("OSS_ENDPOINT");
    assertThatThrownBy(
            () -> OssTargetConfig.builder().bucket("b-1").endpoint("http://127.0.0.1:1").build())
        .hasMessageContaining("OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET");
    assertThatThrownBy(() -> OssTargetConfig.builder().bucket("b.dots").build(ENV))
        .hasMessageContaining("bucket name 'b.dots' is invalid");
    assertThatThrownBy(() -> OssTargetConfig.builder().partSize(1024).build(ENV))
        .hasMessageContaining("below OSS's minimum");
  }

  @Test
  void theSecretNeverShowsInText() {
    OssTargetConfig config = OssTargetConfig.builder().build(ENV);

    assertThat(config.toString())
        .doesNotContain("oss-example-secret")
        .doesNotContain("LTAIEXAMPLE");
    assertThat(config.describe()).doesNotContain("oss-example-secret");
  }
}
