package dev.bulwark.targets.oss;

import dev.bulwark.engine.target.Target;
import dev.bulwark.targets.EngineOnTargetContractTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;

/**
 * The engine's round trips on OSS: the real aliyun-sdk-oss client against a fresh {@link
 * TestingOssServer} per test, which checks every request's signature. The target keeps its keys
 * under {@code tenant/} and uploads in 256 KiB parts, so every pack of more than 256 KiB is a
 * multipart upload.
 */
class EngineOnOssTargetTest extends EngineOnTargetContractTest {
  private static final String BUCKET = "bulwark-engine";
  private static final String ACCESS_KEY_ID = "LTAI5tEngineTest";
  private static final String SECRET = "oss-engine-test-secret";
  private static final String KEY_PREFIX = "tenant/";
  private static final int PART_SIZE = 256 * 1024;

  private TestingOssServer server;

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Override
  protected Target newTarget() throws Exception {
    server = new TestingOssServer(BUCKET, ACCESS_KEY_ID, SECRET);
    return reopen();
  }

  @Override
  protected Target reopen() {
    return new OssTarget(
        OssTargetConfig.builder()
            .endpoint(server.endpoint())
            .bucket(BUCKET)
            .keyPrefix(KEY_PREFIX)
            .partSize(PART_SIZE)
            .maxAttempts(3)
            .accessKey(ACCESS_KEY_ID, SECRET)
            .build());
  }

  @Override
  protected Map<String, byte[]> storedObjects() {
    Map<String, byte[]> objects = new TreeMap<>();
    server
        .store()
        .list("", null, Integer.MAX_VALUE - 1)
        .forEach(e -> objects.put(e.getKey(), e.getValue().data()));
    return objects;
  }

  @Override
  protected void overwriteStoredObject(String key, byte[] content) {
    OssBucketStore.StoredObject old = server.store().get(KEY_PREFIX + key);
    server.store().put(KEY_PREFIX + key, content, old.tags(), old.storageClass(), false);
  }

  @Override
  protected List<String> incompleteWrites() {
    return server.store().uploads("", null, null, 10_000).stream()
        .map(u -> u.key() + " " + u.uploadId())
        .toList();
  }

  @Override
  protected Optional<MultipartStore> multipart() {
    return Optional.of(
        new MultipartStore() {
          @Override
          public int partSize() {
            return PART_SIZE;
          }

          @Override
          public boolean storedAsMultipart(String key) {
            return server.store().get(KEY_PREFIX + key).multipart();
          }

          @Override
          public void failUploadsOfPart(int part) {
            server.failWhen(
                r ->
                    r.method().equals("PUT")
                        && Integer.toString(part).equals(r.param("partNumber")));
          }

          @Override
          public void stopFailing() {
            server.failWhen(r -> false);
          }
        });
  }
}
