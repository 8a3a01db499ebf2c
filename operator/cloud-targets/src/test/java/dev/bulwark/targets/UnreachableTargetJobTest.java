package dev.bulwark.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.target.Target;
import dev.bulwark.targets.oss.OssTarget;
import dev.bulwark.targets.oss.OssTargetConfig;
import dev.bulwark.targets.oss.TestingOssServer;
import dev.bulwark.targets.s3.S3MockClients;
import dev.bulwark.targets.s3.S3Target;
import dev.bulwark.targets.s3.S3TargetConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A backup job whose one target is down (R7): it fails with a reason that names the bucket and says
 * what went wrong, never the secret, and it writes nothing anywhere else. Beside the broken target
 * stand a local directory target, a healthy S3 bucket and a healthy OSS bucket; all three are still
 * empty after the job.
 */
class UnreachableTargetJobTest {
  @RegisterExtension
  static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().build();

  private static final String SECRET = TargetContractTest.TEST_SECRET;
  private static final String DOWN_BUCKET = "bulwark-down";
  private static final String BYSTANDER_BUCKET = "bulwark-bystander";
  private static final String OSS_ACCESS_KEY_ID = "LTAI5tDownTest";

  @TempDir Path temp;

  private final List<AutoCloseable> closeAfter = new ArrayList<>();
  private Path source;
  private Path localRoot;
  private S3Client s3;
  private TestingOssServer ossBystander;

  /** What a failed job left: its exception and everything logged meanwhile. */
  private record Outcome(Throwable failure, String logs) {}

  @BeforeEach
  void standUpTheOtherStores() throws Exception {
    source = temp.resolve("src/teaching");
    SourceTree.create(source, 64 * 1024);
    localRoot = temp.resolve("local-target");
    closeAfter.add(new LocalTarget(localRoot));
    s3 = S3MockClients.raw(S3MockClients.endpoint(S3_MOCK));
    closeAfter.add(s3);
    if (!s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(BYSTANDER_BUCKET))) {
      s3.createBucket(b -> b.bucket(BYSTANDER_BUCKET));
    }
    ossBystander = new TestingOssServer(BYSTANDER_BUCKET, OSS_ACCESS_KEY_ID, "bystander-secret");
    closeAfter.add(ossBystander);
  }

  @AfterEach
  void closeStores() throws Exception {
    for (AutoCloseable closeable : closeAfter) {
      closeable.close();
    }
  }

  @Test
  void aJobOnAStoppedS3StoreFailsNamingTheBucketAndWritesNowhereElse() throws Exception {
    Target down =
        new S3Target(
            S3TargetConfig.builder()
                .bucket(DOWN_BUCKET)
                .endpoint(TestingFailingServer.stoppedEndpoint())
                .maxAttempts(3)
                .build(S3MockClients.credentials(SECRET)));

    Outcome outcome = runJob(down);

    assertThat(outcome.failure())
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("s3://" + DOWN_BUCKET + "/")
        .hasMessageContaining("Connection refused");
    assertNoSecret(outcome);
    assertTheOtherStoresAreEmpty();
  }

  @Test
  void aJobOnAnOssStoreAnswering500FailsNamingTheBucketAndWritesNowhereElse() throws Exception {
    TestingOssServer broken = new TestingOssServer(DOWN_BUCKET, OSS_ACCESS_KEY_ID, SECRET);
    closeAfter.add(broken);
    broken.failEverything();
    Target down =
        new OssTarget(
            OssTargetConfig.builder()
                .endpoint(broken.endpoint())
                .bucket(DOWN_BUCKET)
                .maxAttempts(3)
                .accessKey(OSS_ACCESS_KEY_ID, SECRET)
                .build());

    Outcome outcome = runJob(down);

    assertThat(outcome.failure())
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("oss://" + DOWN_BUCKET + "/")
        .hasMessageContaining("InternalError");
    assertNoSecret(outcome);
    assertThat(broken.requestCount()).as("the job did reach the broken store").isPositive();
    assertThat(broken.storedKeys()).isEmpty();
    assertThat(broken.incompleteUploads()).isZero();
    assertTheOtherStoresAreEmpty();
  }

  private Outcome runJob(Target down) throws Exception {
    Repository repo =
        Repository.builder(down, "prod", "teaching-data")
            .objectTags(Map.of("tier", "hot", "expire_after_days", "180"))
            .build();
    BackupRequest request =
        BackupRequest.builder()
            .source(SourceDirectory.of(source, "raw", SourcePriority.P0))
            .snapshotType(SnapshotType.FULL)
            .stateDirectory(temp.resolve("state"))
            .build();
    try (down;
        LogCapture capture = LogCapture.start()) {
      Throwable failure = catchThrowable(() -> new BackupEngine(repo).backup(request));
      return new Outcome(failure, capture.text());
    }
  }

  private static void assertNoSecret(Outcome outcome) {
    StringWriter trace = new StringWriter();
    outcome.failure().printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(SECRET);
    assertThat(outcome.logs()).isNotEmpty().doesNotContain(SECRET);
  }

  private void assertTheOtherStoresAreEmpty() throws Exception {
    try (Stream<Path> files = Files.walk(localRoot)) {
      assertThat(files.filter(Files::isRegularFile)).as("files under " + localRoot).isEmpty();
    }
    assertThat(s3.listObjectsV2(b -> b.bucket(BYSTANDER_BUCKET)).contents()).isEmpty();
    assertThat(s3.listMultipartUploads(b -> b.bucket(BYSTANDER_BUCKET)).uploads()).isEmpty();
    assertThat(ossBystander.requestCount()).as("requests to the OSS bystander").isZero();
    assertThat(ossBystander.storedKeys()).isEmpty();
    assertThat(temp.resolve("state")).as("no latest pointer of a failed job").doesNotExist();
  }
}
