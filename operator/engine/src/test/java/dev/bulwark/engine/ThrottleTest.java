package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.target.ObjectWriter;
import dev.bulwark.engine.target.Target;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.ForwardingTarget;
import dev.bulwark.engine.testing.TestTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upload limits (R10): a shared bandwidth limit and a bound on concurrent uploads. */
class ThrottleTest {
  private static final long MIB = 1024 * 1024;

  @TempDir Path tmp;

  private BackupResult backup(Target target, Path src, BackupRequest.Builder options)
      throws EngineException {
    Repository repo = Repository.open(target, "prod", "media");
    return new BackupEngine(repo)
        .backup(
            options
                .source(SourceDirectory.of(src, "raw", SourcePriority.P0))
                .snapshotType(SnapshotType.FULL)
                .build());
  }

  @Test
  void aBandwidthLimitHoldsAcrossUploadThreadsAndUnlimitedIsNotThrottled() throws Exception {
    Path src = tmp.resolve("src");
    // 20 MiB of incompressible data in four files, so several threads upload at once.
    for (int i = 0; i < 4; i++) {
      TestTrees.randomFile(src.resolve("clip" + i + ".bin"), 5 * MIB, i);
    }

    long start = System.nanoTime();
    BackupResult limited =
        backup(
            new LocalTarget(tmp.resolve("limited")),
            src,
            BackupRequest.builder().threads(4).uploadBytesPerSecond(5 * MIB));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(limited.bytesUploaded()).isGreaterThanOrEqualTo(20 * MIB);
    // A lower bound on a limiter: 20 MiB at 5 MiB/s cannot take less than 4 s minus one burst.
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(3500));
    assertThat(limited.throttleWaited()).isPositive();
    assertRestores(new LocalTarget(tmp.resolve("limited")), limited, src, "clip3.bin");

    BackupResult unlimited =
        backup(new LocalTarget(tmp.resolve("unlimited")), src, BackupRequest.builder().threads(4));
    assertThat(unlimited.throttleWaited()).isZero();
    assertThat(unlimited.bytesUploaded()).isEqualTo(limited.bytesUploaded());
  }

  @Test
  void atMostTheGivenNumberOfUploadsTransferAtOnce() throws Exception {
    // Four domains: each goes to its own pack, written by the four threads side by side.
    BackupRequest.Builder request = BackupRequest.builder().threads(4).maxConcurrentUploads(1);
    for (int d = 0; d < 4; d++) {
      Path dir = tmp.resolve("domain" + d);
      for (int i = 0; i < 2; i++) {
        TestTrees.randomFile(dir.resolve("f" + i + ".bin"), 512 * 1024, 10L * d + i);
      }
      request.source(SourceDirectory.of(dir, "domain" + d, SourcePriority.P1));
    }
    ConcurrencyProbe probe = new ConcurrencyProbe(new LocalTarget(tmp.resolve("repo")));
    Repository repo = Repository.open(probe, "prod", "media");
    BackupResult result =
        new BackupEngine(repo).backup(request.snapshotType(SnapshotType.FULL).build());

    assertThat(probe.maxInFlight.get()).isEqualTo(1);
    assertThat(result.packsWritten()).isEqualTo(4);
    Path dest = tmp.resolve("restore");
    Fixture.restoreAll(repo, result.jobId(), dest);
    Path back = Fixture.restored(dest, tmp.resolve("domain3")).resolve("f1.bin");
    assertThat(Files.mismatch(back, tmp.resolve("domain3/f1.bin"))).isEqualTo(-1);
  }

  @Test
  void limitsMustBeSensible() {
    assertThatThrownBy(() -> BackupRequest.builder().uploadBytesPerSecond(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bandwidth");
    assertThatThrownBy(() -> BackupRequest.builder().maxConcurrentUploads(-2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concurrent uploads");
    BackupRequest.Builder none =
        BackupRequest.builder().source(SourceDirectory.of(tmp, "raw", SourcePriority.P0));
    assertThat(none.build().uploadBytesPerSecond()).isEmpty();
    assertThat(none.build().maxConcurrentUploads()).isEmpty();
    assertThat(none.uploadBytesPerSecond(7).maxConcurrentUploads(2).build().uploadBytesPerSecond())
        .hasValue(7);
  }

  private void assertRestores(Target target, BackupResult result, Path src, String file)
      throws Exception {
    Repository repo = Repository.open(target, "prod", "media");
    Path dest = tmp.resolve("restore-" + result.jobId());
    Fixture.restoreAll(repo, result.jobId(), dest);
    Path back = Fixture.restored(dest, src).resolve(file);
    assertThat(Files.mismatch(back, src.resolve(file))).isEqualTo(-1);
  }

  /** Counts how many pack writes are in progress at once. */
  private static final class ConcurrencyProbe extends ForwardingTarget {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    ConcurrencyProbe(Target delegate) {
      super(delegate);
    }

    @Override
    public ObjectWriter create(String key, Map<String, String> tags) throws IOException {
      ObjectWriter inner = delegate.create(key, tags);
      return new ObjectWriter() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try {
            // Long enough that unbounded writers would overlap.
            Thread.sleep(20);
            inner.write(b, off, len);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
          } finally {
            inFlight.decrementAndGet();
          }
        }

        @Override
        public void commit() throws IOException {
          inner.commit();
        }

        @Override
        public void abort() {
          inner.abort();
        }

        @Override
        public long position() {
          return inner.position();
        }
      };
    }
  }
}
