package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.backup.StreamSource;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.lock.RepositoryLock;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.target.Target;
import dev.bulwark.engine.testing.FailingWritesTarget;
import dev.bulwark.engine.testing.FailingWritesTarget.Stage;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.TestTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way the packing pipeline can fail ends the job with the error, stops its threads and
 * releases the lock (issue 17, finding 1): a failing commit of the last pack (taken after the
 * worker saw the end of the work), a failing pack while the scanner is far ahead and the queue is
 * full, a failing source on the scanning side while workers wait, an unchecked failure, and a
 * cancel while an upload is in flight. The timeouts only keep a regression from hanging the build;
 * they assert nothing about speed.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PipelineFailureTest {
  private static final Predicate<String> PACKS = key -> key.contains("/packs/");

  @TempDir Path tmp;
  private LocalTarget local;
  private Path src;

  @BeforeEach
  void setUp() throws Exception {
    local = new LocalTarget(tmp.resolve("repo"));
    src = tmp.resolve("src");
    TestTrees.sampleTree(src);
    TestTrees.randomFile(src.resolve("blobs/large.bin"), 3 * 1024 * 1024, 7);
  }

  @ParameterizedTest(name = "{0} worker(s)")
  @ValueSource(ints = {1, 2, 4})
  void aFailingCommitOfTheLastPackEndsTheJobAndReleasesTheLock(int threads) throws Exception {
    FailingWritesTarget failing = FailingWritesTarget.failing(local, PACKS, Stage.COMMIT, 1);

    Throwable failure = catchThrowable(() -> backup(failing, request(threads)));

    assertThat(failure)
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("simulated store failure");
    assertThat(failing.failures()).isPositive();
    assertNothingLeftAndTheNextBackupSucceeds();
  }

  @Test
  void anUncheckedFailureOfTheLastPackEndsTheJobToo() throws Exception {
    FailingWritesTarget failing =
        FailingWritesTarget.failingUnchecked(local, PACKS, Stage.COMMIT, 1);

    Throwable failure = catchThrowable(() -> backup(failing, request(2)));

    assertThat(failure)
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("simulated store failure");
    assertNothingLeftAndTheNextBackupSucceeds();
  }

  @Test
  void aPackFailingWhileTheScannerIsFarAheadEndsTheJob() throws Exception {
    // Far more work units than the queue holds, so the scanner blocks on a full queue while the
    // only worker has already failed on its first frame.
    Path many = src.resolve("many");
    for (int d = 0; d < 70; d++) {
      for (int f = 0; f < 260; f++) {
        Path file = many.resolve("d" + d + "/f" + f);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {(byte) f});
      }
    }
    FailingWritesTarget failing = FailingWritesTarget.failing(local, PACKS, Stage.WRITE, 1);

    Throwable failure = catchThrowable(() -> backup(failing, request(1)));

    assertThat(failure).isInstanceOf(EngineException.class).hasMessageContaining("simulated");
    Fixture.run("rm", "-rf", many.toString()); // the next backup needs none of them
    assertNothingLeftAndTheNextBackupSucceeds();
  }

  @Test
  void aFailingSourceOnTheScanningSideEndsTheJobWhileWorkersWait() throws Exception {
    StreamSource broken =
        new StreamSource(
            "postgres/shop.dump",
            "serving",
            SourcePriority.P1,
            "a producer that dies",
            () ->
                new InputStream() {
                  @Override
                  public int read() throws IOException {
                    throw new IOException("pg_dump: connection lost");
                  }
                });
    BackupRequest request =
        BackupRequest.builder().source(SourceDirectory.of(src, "raw", SourcePriority.P0)).stream(
                broken)
            .snapshotType(SnapshotType.FULL)
            .threads(2)
            .build();

    Throwable failure = catchThrowable(() -> backup(local, request));

    assertThat(failure).isInstanceOf(EngineException.class).hasMessageContaining("connection lost");
    assertNothingLeftAndTheNextBackupSucceeds();
  }

  @Test
  void aCanceledJobEndsOnlyAfterItsUploadsStoppedAndLeavesNothing() throws Exception {
    FailingWritesTarget stalling = FailingWritesTarget.stallingCommits(local, PACKS);
    CompletableFuture<Throwable> job = new CompletableFuture<>();
    Thread runner =
        new Thread(
            () -> job.complete(catchThrowable(() -> backup(stalling, request(2)))), "test-backup");
    runner.start();
    stalling.awaitStalled();

    runner.interrupt(); // what JobControl.cancel does
    // The upload in flight goes on for a while after the cancel, as a slow store's request does;
    // the job must not clean up (or release its lock) under it.
    Thread.sleep(200);
    assertThat(job).as("the job waits for its upload in flight").isNotDone();
    stalling.release();
    Throwable failure = job.get(60, TimeUnit.SECONDS);
    stalling.seal();
    runner.join();

    assertThat(failure).isInstanceOf(EngineException.class);
    assertThat(stalling.callsAfterSeal()).as("no thread of the job writes after it ended").isZero();
    assertNothingLeftAndTheNextBackupSucceeds();
  }

  private BackupRequest request(int threads) {
    return BackupRequest.builder()
        .source(SourceDirectory.of(src, "raw", SourcePriority.P0))
        .snapshotType(SnapshotType.FULL)
        .threads(threads)
        .build();
  }

  private static BackupResult backup(Target target, BackupRequest request) throws EngineException {
    return new BackupEngine(Repository.open(target, "prod", "pipeline")).backup(request);
  }

  private void assertNothingLeftAndTheNextBackupSucceeds() throws Exception {
    Repository repo = Repository.open(local, "prod", "pipeline");
    assertThat(RepositoryLock.read(local, repo.layout().lockKey()))
        .as("the failed job released its lock")
        .isEmpty();
    assertThat(repo.catalog().list()).isEmpty();
    try (Stream<Path> files = Files.walk(tmp.resolve("repo"))) {
      assertThat(files.filter(Files::isRegularFile).toList())
          .as("no pack, no partial upload, no lock is left")
          .isEmpty();
    }
    BackupResult next = backup(local, request(2));
    assertThat(repo.catalog().list()).hasSize(1);
    Path dest = tmp.resolve("restored");
    Fixture.restoreAll(repo, next.jobId(), dest);
    TestTrees.assertSameTree(src, Fixture.restored(dest, src));
  }
}
