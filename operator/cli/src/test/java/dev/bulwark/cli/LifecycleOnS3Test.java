package dev.bulwark.cli;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.bulwark.targets.lifecycle.TieredTarget;
import dev.bulwark.targets.s3.LifecycleXmlRelay;
import dev.bulwark.targets.s3.S3MockClients;
import dev.bulwark.targets.s3.S3Target;
import dev.bulwark.targets.s3.S3TargetConfig;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code bulwark lifecycle} on S3: Adobe's S3Mock in-process, reached through the relay that fixes
 * its lifecycle {@code <And>} tag names.
 */
class LifecycleOnS3Test extends LifecycleCommandTest {
  @RegisterExtension
  static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().build();

  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private LifecycleXmlRelay relay;
  private String bucket;

  @Override
  void startBucket() throws Exception {
    bucket = "lifecycle-" + BUCKETS.incrementAndGet();
    try (S3Client raw = S3MockClients.raw(S3MockClients.endpoint(S3_MOCK))) {
      raw.createBucket(b -> b.bucket(bucket));
    }
    relay = new LifecycleXmlRelay(S3MockClients.endpoint(S3_MOCK));
  }

  @AfterEach
  void stopRelay() {
    relay.close();
  }

  @Override
  String targetYaml() {
    return """
      target: s3
      targets:
        s3: {bucket: %s, region: us-east-1, endpoint: "%s", pathStyle: true, prefix: tenant/}\
    """
        .formatted(bucket, relay.endpoint());
  }

  @Override
  Map<String, String> env() {
    return S3MockClients.credentials(SECRET);
  }

  @Override
  TieredTarget openTarget() {
    return new S3Target(
        S3TargetConfig.builder()
            .bucket(bucket)
            .endpoint(relay.endpoint())
            .keyPrefix("tenant/")
            .build(env()));
  }

  @Override
  String defaultColdClass() {
    return "STANDARD_IA";
  }
}
