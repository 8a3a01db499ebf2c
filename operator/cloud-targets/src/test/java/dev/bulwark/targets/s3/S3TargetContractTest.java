package dev.bulwark.targets.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.bulwark.engine.target.ObjectWriter;
import dev.bulwark.engine.target.Target;
import dev.bulwark.targets.TargetContractTest;
import dev.bulwark.targets.TestingFailingServer;
import dev.bulwark.targets.TestingHungServer;
import dev.bulwark.targets.lifecycle.BucketLifecycle;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * The target contract on S3, against Adobe's S3Mock running in-process on loopback; each test gets
 * its own bucket, and the target keeps its keys under the prefix {@code tenant/}.
 */
class S3TargetContractTest extends TargetContractTest {
  @RegisterExtension
  static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().build();

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static final String DOWN_BUCKET = "bulwark-down";

  private final List<AutoCloseable> closeAfter = new ArrayList<>();
  private S3Client raw;
  private String bucket;
  private LifecycleXmlRelay relay;

  /** The test's one lifecycle relay, so rules written by hand and by the target meet. */
  private LifecycleXmlRelay lifecycleRelay() throws Exception {
    if (relay == null) {
      relay = new LifecycleXmlRelay(endpoint());
      closeAfter.add(relay);
    }
    return relay;
  }

  @AfterEach
  void closeFixtures() throws Exception {
    for (AutoCloseable closeable : closeAfter) {
      closeable.close();
    }
    closeAfter.clear();
    relay = null;
  }

  @Override
  protected Target newTarget() {
    raw = rawClient();
    closeAfter.add(raw);
    bucket = "bulwark-" + BUCKETS.incrementAndGet();
    raw.createBucket(b -> b.bucket(bucket));
    return new S3Target(config(bucket).build(env("test-secret")));
  }

  @Override
  protected List<String> incompleteWrites(Target target) {
    return raw.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
        .map(u -> u.key() + " " + u.uploadId())
        .toList();
  }

  @Override
  protected Optional<Target> unavailableTarget(Outage outage) throws Exception {
    String endpoint;
    Map<String, String> env = new HashMap<>(env(TEST_SECRET));
    if (outage == Outage.STOPPED) {
      endpoint = TestingFailingServer.stoppedEndpoint();
    } else if (outage == Outage.HUNG) {
      TestingHungServer hung = new TestingHungServer();
      closeAfter.add(hung);
      endpoint = hung.endpoint();
      env.putAll(
          Map.of(
              "S3_CONNECT_TIMEOUT_SECONDS", "2",
              "S3_READ_TIMEOUT_SECONDS", "2",
              "S3_REQUEST_TIMEOUT_SECONDS", "2",
              "S3_CALL_TIMEOUT_SECONDS", "6"));
    } else {
      TestingFailingServer failing = new TestingFailingServer();
      closeAfter.add(failing);
      endpoint = failing.endpoint();
    }
    return Optional.of(
        new S3Target(
            S3TargetConfig.builder()
                .bucket(DOWN_BUCKET)
                .endpoint(endpoint)
                .partSize(PART_SIZE)
                .maxAttempts(3)
                .build(env)));
  }

  @Override
  protected String locationName() {
    return DOWN_BUCKET;
  }

  @Override
  protected Optional<CloudFixture> cloud() {
    return Optional.of(
        new CloudFixture() {
          @Override
          public BucketLifecycle lifecycle(Target target) throws Exception {
            // Same bucket and key prefix, through the relay that keeps lifecycle configurations
            // away from S3Mock (which wipes its object index on them).
            S3Target relayed =
                new S3Target(
                    config(bucket).endpoint(lifecycleRelay().endpoint()).build(env("test-secret")));
            closeAfter.add(relayed);
            return relayed.lifecycle();
          }

          @Override
          public void putForeignLifecycleRule(String id, String prefix, int expirationDays)
              throws Exception {
            S3Client relayed = S3MockClients.raw(lifecycleRelay().endpoint());
            closeAfter.add(relayed);
            List<LifecycleRule> rules = new ArrayList<>();
            try {
              rules.addAll(relayed.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules());
            } catch (SdkException e) {
              // none yet
            }
            rules.add(
                LifecycleRule.builder()
                    .id(id)
                    .filter(f -> f.prefix(prefix))
                    .status(ExpirationStatus.ENABLED)
                    .expiration(e -> e.days(expirationDays))
                    .build());
            relayed.putBucketLifecycleConfiguration(
                b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(rules)));
          }

          @Override
          public void putInColdClass(Target target, String key, byte[] content) {
            raw.putObject(
                b -> b.bucket(bucket).key("tenant/" + key).storageClass(StorageClass.STANDARD_IA),
                RequestBody.fromBytes(content));
          }

          @Override
          public String coldStorageClass() {
            return "STANDARD_IA";
          }
        });
  }

  /**
   * S3Mock 4.12.4 refuses the conditional CompleteMultipartUpload (with 304 where S3 says 412), but
   * the AbortMultipartUpload that follows deletes the winner's object of the same key, which S3
   * never does. The refusal and the abort are what this target controls; both are still checked.
   */
  @Override
  protected void assertWinnerKept(String key, byte[] winner) {}

  @Test
  void checksumsOnlyWhenRequiredStillRoundTripSmallAndMultipartObjects() throws Exception {
    try (Target compatible =
        new S3Target(config(bucket).checksumsWhenRequired(true).build(env("test-secret")))) {
      compatible.put("compat/small", bytes(1_000, 30), Map.of("tier", "hot"));
      try (ObjectWriter writer = compatible.create("compat/large", Map.of())) {
        writer.write(bytes(PART_SIZE * 2 + 1, 31));
        writer.commit();
      }

      assertThat(compatible.read("compat/small", 1_000)).isEqualTo(bytes(1_000, 30));
      try (InputStream in = compatible.get("compat/large")) {
        assertThat(in.readAllBytes()).isEqualTo(bytes(PART_SIZE * 2 + 1, 31));
      }
      assertThat(incompleteWrites(compatible)).isEmpty();
    }
  }

  @Test
  void aMissingBucketIsNamedInTheError() throws Exception {
    try (Target missing = new S3Target(config("no-such-bucket").build(env("test-secret")))) {
      assertThatThrownBy(() -> missing.put("x", bytes(10, 32), Map.of()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("s3://no-such-bucket/")
          .hasMessageContaining("NoSuchBucket");
    }
  }

  @Test
  void theConfigurationComesFromTheEnvironmentWhenNotGiven() throws Exception {
    Map<String, String> env =
        Map.of(
            "S3_BUCKET", bucket,
            "S3_ENDPOINT", endpoint(),
            "S3_REGION", "eu-central-1",
            "AWS_ACCESS_KEY_ID", "AKIATEST",
            "AWS_SECRET_ACCESS_KEY", "test-secret");
    try (S3Target fromEnv = new S3Target(S3TargetConfig.builder().partSize(PART_SIZE).build(env))) {
      fromEnv.put("from-env", bytes(10, 33), Map.of());

      assertThat(fromEnv.config().region()).isEqualTo("eu-central-1");
      assertThat(fromEnv.config().pathStyle()).isTrue();
      assertThat(raw.headObject(b -> b.bucket(bucket).key("from-env")).contentLength())
          .isEqualTo(10);
    }
  }

  @Test
  void aStoreAnswering500IsRetriedExactlyUpToMaxAttempts() throws Exception {
    try (TestingFailingServer failing = new TestingFailingServer();
        Target broken =
            new S3Target(
                S3TargetConfig.builder()
                    .bucket(DOWN_BUCKET)
                    .endpoint(failing.endpoint())
                    .maxAttempts(3)
                    .build(env("test-secret")))) {
      // The SDK rebuilds HEAD errors without the attempt count: the server's count tells.
      assertThatThrownBy(() -> broken.head("x"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("HTTP 500");
      assertThat(failing.requests()).isEqualTo(3);
      assertThatThrownBy(() -> broken.put("y", bytes(10, 34), Map.of()))
          .hasMessageContaining("HTTP 500 InternalError")
          .hasMessageContaining("after 3 attempts");
      assertThat(failing.requests()).isEqualTo(6);
    }
  }

  private static S3TargetConfig.Builder config(String bucket) {
    return S3TargetConfig.builder()
        .bucket(bucket)
        .endpoint(endpoint())
        .keyPrefix("tenant/")
        .partSize(PART_SIZE)
        .maxAttempts(3);
  }

  private static Map<String, String> env(String secret) {
    return Map.of("AWS_ACCESS_KEY_ID", "AKIATEST", "AWS_SECRET_ACCESS_KEY", secret);
  }

  private static String endpoint() {
    return "http://127.0.0.1:" + S3_MOCK.getHttpPort();
  }

  private static S3Client rawClient() {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(URI.create(endpoint()))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "test-secret")))
        .build();
  }
}
