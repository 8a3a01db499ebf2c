package dev.bulwark.targets.s3;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.bulwark.engine.target.Target;
import dev.bulwark.targets.EngineOnTargetContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The engine's round trips on S3, against Adobe's S3Mock in-process on loopback: a bucket per test,
 * the target's keys under {@code tenant/}, 5 MiB parts (S3's minimum). The suite's target reaches
 * S3Mock through a {@link FaultInjectingRelay} so that a part upload can fail; the second machine
 * talks to S3Mock directly.
 */
class EngineOnS3TargetTest extends EngineOnTargetContractTest {
  @RegisterExtension
  static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().build();

  private static final String KEY_PREFIX = "tenant/";
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final List<AutoCloseable> closeAfter = new ArrayList<>();
  private S3Client raw;
  private FaultInjectingRelay relay;
  private String bucket;

  @AfterEach
  void closeFixtures() throws Exception {
    for (AutoCloseable closeable : closeAfter) {
      closeable.close();
    }
  }

  @Override
  protected Target newTarget() throws Exception {
    raw = S3MockClients.raw(S3MockClients.endpoint(S3_MOCK));
    closeAfter.add(raw);
    relay = new FaultInjectingRelay(S3MockClients.endpoint(S3_MOCK));
    closeAfter.add(relay);
    bucket = "engine-" + BUCKETS.incrementAndGet();
    raw.createBucket(b -> b.bucket(bucket));
    return target(relay.endpoint());
  }

  @Override
  protected Target reopen() {
    return target(S3MockClients.endpoint(S3_MOCK));
  }

  @Override
  protected Map<String, byte[]> storedObjects() {
    Map<String, byte[]> objects = new TreeMap<>();
    for (S3Object object : raw.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      objects.put(
          object.key(),
          raw.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray());
    }
    return objects;
  }

  @Override
  protected void overwriteStoredObject(String key, byte[] content) {
    raw.putObject(b -> b.bucket(bucket).key(KEY_PREFIX + key), RequestBody.fromBytes(content));
  }

  @Override
  protected List<String> incompleteWrites() {
    return raw.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
        .map(u -> u.key() + " " + u.uploadId())
        .toList();
  }

  @Override
  protected Optional<MultipartStore> multipart() {
    return Optional.of(
        new MultipartStore() {
          @Override
          public int partSize() {
            return S3TargetConfig.MIN_PART_SIZE;
          }

          @Override
          public boolean storedAsMultipart(String key) {
            // S3's ETag of an assembled object is the MD5 of its parts' MD5s, dash, part count.
            String etag = raw.headObject(b -> b.bucket(bucket).key(KEY_PREFIX + key)).eTag();
            return etag.matches("\"?[0-9a-fA-F]{32}-\\d+\"?");
          }

          @Override
          public void failUploadsOfPart(int part) {
            relay.failUploadsOfPart(part);
          }

          @Override
          public void stopFailing() {
            relay.stopFailing();
          }
        });
  }

  private Target target(String endpoint) {
    return new S3Target(
        S3TargetConfig.builder()
            .bucket(bucket)
            .endpoint(endpoint)
            .keyPrefix(KEY_PREFIX)
            .partSize(S3TargetConfig.MIN_PART_SIZE)
            .maxAttempts(3)
            .build(S3MockClients.credentials("engine-test-secret")));
  }
}
