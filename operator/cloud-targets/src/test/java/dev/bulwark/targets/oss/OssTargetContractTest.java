package dev.bulwark.targets.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.LifecycleRule;
import com.aliyun.oss.model.LifecycleRule.RuleStatus;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.SetBucketLifecycleRequest;
import dev.bulwark.engine.target.ObjectWriter;
import dev.bulwark.engine.target.Target;
import dev.bulwark.targets.LogCapture;
import dev.bulwark.targets.TargetContractTest;
import dev.bulwark.targets.TestingHungServer;
import dev.bulwark.targets.lifecycle.BucketLifecycle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The target contract on OSS: the real aliyun-sdk-oss client against {@link TestingOssServer}, a
 * fresh one per test, which checks every request's V1 signature. The target keeps its keys under
 * {@code tenant/}.
 */
class OssTargetContractTest extends TargetContractTest {
  private static final String BUCKET = "bulwark-oss";
  private static final String ACCESS_KEY_ID = "LTAI5tTestAccessKey";
  private static final String SECRET = "oss-test-secret";

  private final List<AutoCloseable> closeAfter = new ArrayList<>();
  private TestingOssServer server;

  @AfterEach
  void stopServers() throws Exception {
    for (AutoCloseable closeable : closeAfter) {
      closeable.close();
    }
  }

  @Override
  protected Target newTarget() throws IOException {
    server = new TestingOssServer(BUCKET, ACCESS_KEY_ID, SECRET);
    closeAfter.add(server);
    return new OssTarget(config(server, SECRET));
  }

  @Override
  protected List<String> incompleteWrites(Target target) {
    return server.store().uploads("", null, null, 10_000).stream()
        .map(u -> u.key() + " " + u.uploadId())
        .toList();
  }

  @Override
  protected Optional<Target> unavailableTarget(Outage outage) throws Exception {
    if (outage == Outage.HUNG) {
      TestingHungServer hung = new TestingHungServer();
      closeAfter.add(hung);
      return Optional.of(
          new OssTarget(
              OssTargetConfig.builder()
                  .endpoint(hung.endpoint())
                  .partSize(PART_SIZE)
                  .maxAttempts(3)
                  .build(
                      Map.of(
                          "OSS_BUCKET",
                          BUCKET,
                          "OSS_ACCESS_KEY_ID",
                          ACCESS_KEY_ID,
                          "OSS_ACCESS_KEY_SECRET",
                          TEST_SECRET,
                          "OSS_CONNECT_TIMEOUT_SECONDS",
                          "2",
                          "OSS_READ_TIMEOUT_SECONDS",
                          "2",
                          "OSS_REQUEST_TIMEOUT_SECONDS",
                          "2"))));
    }
    TestingOssServer down = new TestingOssServer(BUCKET, ACCESS_KEY_ID, TEST_SECRET);
    closeAfter.add(down);
    if (outage == Outage.STOPPED) {
      down.close();
    } else {
      down.failWhen(request -> true);
    }
    return Optional.of(new OssTarget(config(down, TEST_SECRET)));
  }

  @Override
  protected String locationName() {
    return "oss://" + BUCKET + "/";
  }

  @Override
  protected Optional<CloudFixture> cloud() {
    return Optional.of(
        new CloudFixture() {
          @Override
          public BucketLifecycle lifecycle(Target target) {
            return ((OssTarget) target).lifecycle();
          }

          @Override
          public void putForeignLifecycleRule(String id, String prefix, int expirationDays) {
            OSS raw = rawClient();
            try {
              List<LifecycleRule> rules = new ArrayList<>();
              try {
                rules.addAll(raw.getBucketLifecycle(BUCKET));
              } catch (OSSException e) {
                // NoSuchLifecycle: none yet
              }
              rules.add(new LifecycleRule(id, prefix, RuleStatus.Enabled, expirationDays));
              SetBucketLifecycleRequest request = new SetBucketLifecycleRequest(BUCKET);
              request.setLifecycleRules(rules);
              raw.setBucketLifecycle(request);
            } finally {
              raw.shutdown();
            }
          }

          @Override
          public void putInColdClass(Target target, String key, byte[] content) {
            OSS raw = rawClient();
            try {
              ObjectMetadata metadata = new ObjectMetadata();
              metadata.setHeader("x-oss-storage-class", "IA");
              raw.putObject(BUCKET, "tenant/" + key, new ByteArrayInputStream(content), metadata);
            } finally {
              raw.shutdown();
            }
          }

          @Override
          public String coldStorageClass() {
            return "IA";
          }
        });
  }

  @Test
  void aClientWithTheWrongSecretIsRefusedAndTheSecretNeverShows() throws Exception {
    String wrongSecret = "wrong-" + TEST_SECRET;
    Throwable failure;
    String logs;
    try (Target impostor = new OssTarget(config(server, wrongSecret));
        LogCapture capture = LogCapture.start()) {
      failure = catchThrowable(() -> impostor.put("backups/x", bytes(10, 40), Map.of()));
      logs = capture.text();
    }

    assertThat(failure)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("SignatureDoesNotMatch")
        .hasMessageContaining("oss://" + BUCKET);
    assertThat(chainText(failure)).doesNotContain(wrongSecret);
    assertThat(logs).as("the capture works").contains("SignatureDoesNotMatch");
    assertThat(logs).doesNotContain(wrongSecret);
    assertThat(server.store().list("", null, 10)).isEmpty();
    assertThat(server.requests())
        .isNotEmpty()
        .allSatisfy(
            r -> assertThat(r.header("authorization")).startsWith("OSS " + ACCESS_KEY_ID + ":"));
  }

  @Test
  void anUnknownAccessKeyIsRefused() throws Exception {
    OssTargetConfig stranger =
        OssTargetConfig.builder()
            .endpoint(server.endpoint())
            .bucket(BUCKET)
            .accessKey("LTAI-someone-else", SECRET)
            .maxAttempts(1)
            .build();
    try (Target target = new OssTarget(stranger)) {
      assertThat(catchThrowable(() -> target.head("x")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("InvalidAccessKeyId");
    }
  }

  @Test
  void writesCarryForbidOverwriteAndTaggingHeaders() throws Exception {
    target.put("headers/small", bytes(10, 41), Map.of("tier", "hot", "job", "j 1&2"));
    try (ObjectWriter writer = target.create("headers/large", Map.of("tier", "hot"))) {
      writer.write(bytes(PART_SIZE + 1, 42));
      writer.commit();
    }

    List<OssRequest> writes =
        server.requests().stream()
            .filter(r -> r.key().startsWith("tenant/headers/"))
            .filter(
                r -> r.method().equals("PUT") && !r.has("partNumber") || r.method().equals("POST"))
            .toList();
    assertThat(writes).hasSize(3); // PutObject, InitiateMultipartUpload, CompleteMultipartUpload
    assertThat(writes)
        .allSatisfy(r -> assertThat(r.header("x-oss-forbid-overwrite")).isEqualTo("true"));
    assertThat(writes.get(0).header("x-oss-tagging")).contains("tier=hot");
    assertThat(target.tags("headers/small")).isEqualTo(Map.of("tier", "hot", "job", "j 1&2"));
    assertThat(target.tags("headers/large")).isEqualTo(Map.of("tier", "hot"));
  }

  @Test
  void anUploadPartThatKeepsFailingAbortsTheUploadAfterBoundedRetries() {
    server.failWhen(r -> "2".equals(r.param("partNumber")));

    Throwable failure =
        catchThrowable(
            () -> {
              try (ObjectWriter writer = target.create("packs/unlucky", Map.of())) {
                writer.write(bytes(2 * PART_SIZE + 10, 43));
                writer.commit();
              }
            });

    assertThat(failure)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("uploading part 2 of packs/unlucky")
        .hasMessageContaining("InternalError");
    assertThat(server.requests().stream().filter(r -> "2".equals(r.param("partNumber"))))
        .as("maxAttempts is 3")
        .hasSize(3);
    assertThat(server.store().list("", null, 10)).isEmpty();
    assertThat(server.store().uploadCount()).isZero();
  }

  @Test
  void throttlingIsRetriedWithBackoffUntilItPasses() throws Exception {
    AtomicInteger throttled = new AtomicInteger();
    server.failWhen(
        r -> r.method().equals("PUT") && throttled.getAndIncrement() < 2,
        503,
        "ServiceUnavailable",
        "Please reduce your request rate.");

    target.put("busy", bytes(100, 44), Map.of());

    assertThat(read("busy")).isEqualTo(bytes(100, 44));
    assertThat(server.requests().stream().filter(r -> r.method().equals("PUT"))).hasSize(3);
  }

  @Test
  void aColdStorageClassOssDoesNotHaveIsRefusedBeforeAnythingIsWritten() {
    BucketLifecycle lifecycle = ((OssTarget) target).lifecycle();

    assertThat(
            catchThrowable(
                () ->
                    lifecycle.reconcile(
                        dev.bulwark.targets.lifecycle.LifecyclePolicy.hotTier(
                            "b/", 30, 180, "STANDARD_IA"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IA, Archive, ColdArchive, DeepColdArchive");
    assertThat(server.store().lifecycle()).isEmpty();
  }

  /** The target's configuration, with bucket and key pair from the environment map. */
  private static OssTargetConfig config(TestingOssServer server, String secret) {
    return OssTargetConfig.builder()
        .endpoint(server.endpoint())
        .keyPrefix("tenant/")
        .partSize(PART_SIZE)
        .maxAttempts(3)
        .build(
            Map.of(
                "OSS_BUCKET", BUCKET,
                "OSS_ACCESS_KEY_ID", ACCESS_KEY_ID,
                "OSS_ACCESS_KEY_SECRET", secret));
  }

  private OSS rawClient() {
    return new OSSClientBuilder().build(server.endpoint(), ACCESS_KEY_ID, SECRET);
  }
}
