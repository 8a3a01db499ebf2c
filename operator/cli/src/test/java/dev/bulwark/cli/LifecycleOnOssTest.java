package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.targets.lifecycle.TieredTarget;
import dev.bulwark.targets.oss.OssTarget;
import dev.bulwark.targets.oss.OssTargetConfig;
import dev.bulwark.targets.oss.TestingOssServer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code bulwark lifecycle} on OSS: the real OSS client against the in-process test server. */
class LifecycleOnOssTest extends LifecycleCommandTest {
  private static final String BUCKET = "lifecycle-oss";
  private static final String ACCESS_KEY_ID = "LTAI5tLifecycleTest";

  private TestingOssServer server;
  private Map<String, String> env;

  @Override
  void startBucket() throws Exception {
    server = new TestingOssServer(BUCKET, ACCESS_KEY_ID, SECRET);
    env = new HashMap<>();
    env.put("OSS_BUCKET", BUCKET);
    env.put("OSS_ENDPOINT", server.endpoint());
    env.put("OSS_ACCESS_KEY_ID", ACCESS_KEY_ID);
    env.put("OSS_ACCESS_KEY_SECRET", SECRET);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Override
  String targetYaml() {
    return """
      target: oss
      targets:
        oss: {prefix: tenant/}\
    """;
  }

  @Override
  Map<String, String> env() {
    return env;
  }

  @Override
  TieredTarget openTarget() {
    return new OssTarget(OssTargetConfig.builder().keyPrefix("tenant/").build(env));
  }

  @Override
  String defaultColdClass() {
    return "IA";
  }

  @Test
  void aRefusedSignatureIsASetupErrorThatDoesNotPrintTheSecret() {
    env.put("OSS_ACCESS_KEY_SECRET", "wrong-" + SECRET);

    Run refused = lifecycle(Clock.systemUTC(), "--policy", POLICY, "--check");

    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("lifecycle of BackupPolicy/teaching on target oss");
  }
}
