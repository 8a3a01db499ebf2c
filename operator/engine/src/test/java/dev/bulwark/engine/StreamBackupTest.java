package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.backup.StreamSource;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.crypto.EncryptionKey;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.StreamReader;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.testing.TestingClock;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams of unknown length (database dumps) are stored as parts and read back identical. */
class StreamBackupTest {
  private static final int PART = 64 * 1024;

  @TempDir Path tmp;
  private TestingClock clock;
  private Repository repo;
  private Path src;

  @BeforeEach
  void setUp() throws Exception {
    clock = TestingClock.at(Instant.parse("2026-11-28T20:35:00Z"));
    repo =
        Repository.builder(new LocalTarget(tmp.resolve("repo")), "prod", "shop")
            .clock(clock)
            .build();
    src = tmp.resolve("src");
    TestTrees.sampleTree(src);
  }

  private static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    // Half compressible, half not: both frame paths are exercised.
    Arrays.fill(b, 0, size / 2, (byte) 'a');
    return b;
  }

  private static StreamSource stream(String name, byte[] content) {
    return new StreamSource(
        name,
        "serving",
        SourcePriority.P0,
        "test producer",
        () -> new ByteArrayInputStream(content));
  }

  private BackupResult backup(SnapshotType type, StreamSource... streams) throws EngineException {
    return new BackupEngine(repo)
        .backup(
            BackupRequest.builder()
                .source(SourceDirectory.of(src, "raw", SourcePriority.P1))
                .streams(List.of(streams))
                .streamPartSize(PART)
                .snapshotType(type)
                .build());
  }

  private byte[] read(String jobId, String path) throws Exception {
    SnapshotSummary snapshot = repo.catalog().find(jobId).orElseThrow();
    try (InputStream in = new StreamReader(repo).open(snapshot, path)) {
      return in.readAllBytes();
    }
  }

  @Test
  void streamLargerThanOnePartRoundTripsIdentical() throws Exception {
    byte[] dump = bytes(5 * PART + 1234, 1);
    BackupResult result = backup(SnapshotType.FULL, stream("postgres/shop.dump", dump));

    Manifest manifest = repo.readManifest(repo.catalog().find(result.jobId()).orElseThrow());
    assertThat(manifest.streams()).hasSize(1);
    Manifest.StreamRecord record = manifest.streams().get(0);
    assertThat(record.path()).isEqualTo("serving/postgres/shop.dump");
    assertThat(record.size()).isEqualTo(dump.length);
    assertThat(record.source()).isEqualTo("test producer");
    assertThat(record.parts())
        .hasSize(6)
        .first()
        .isEqualTo("serving/postgres/shop.dump.part-000001");
    assertThat(read(result.jobId(), record.path())).isEqualTo(dump);
    assertThat(new Verifier(repo).verify(VerifyRequest.builder().readData(true).build()).problems())
        .isEmpty();

    // A plain restore gives the part files; concatenated in name order they are the dump.
    Path dest = tmp.resolve("restore");
    Fixture.restoreAll(repo, result.jobId(), dest);
    TestTrees.assertSameTree(src, Fixture.restored(dest, src));
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    try (Stream<Path> parts = Files.list(dest.resolve("serving/postgres"))) {
      for (Path part : parts.sorted().toList()) {
        joined.write(Files.readAllBytes(part));
      }
    }
    assertThat(joined.toByteArray()).isEqualTo(dump);
  }

  @Test
  void packsStayValidTarZstForStandardTools() throws Exception {
    byte[] dump = bytes(2 * PART + 7, 2);
    backup(SnapshotType.FULL, stream("postgres/shop.dump", dump));
    Path out = Files.createDirectories(tmp.resolve("untar"));
    try (Stream<Path> files = Files.walk(tmp.resolve("repo"))) {
      for (Path pack : files.filter(p -> p.toString().endsWith(".tar.zst")).toList()) {
        Fixture.run("sh", "-c", "zstd -dc '" + pack + "' | tar -x -C '" + out + "'");
      }
    }
    String joined =
        Fixture.run("sh", "-c", "cat '" + out + "'/serving/postgres/shop.dump.part-* | sha256sum");
    String expected = dev.bulwark.engine.format.Sha256.hex(dump, 0, dump.length);
    assertThat(joined).startsWith(expected);
  }

  @Test
  void streamsAloneMakeASnapshotAndExactMultiplesOfThePartSizeWork() throws Exception {
    byte[] dump = bytes(3 * PART, 3);
    byte[] empty = new byte[0];
    BackupResult result =
        new BackupEngine(repo)
            .backup(
                BackupRequest.builder().stream(stream("postgres/a.dump", dump)).stream(
                        stream("postgres/empty.dump", empty))
                    .streamPartSize(PART)
                    .snapshotType(SnapshotType.FULL)
                    .build());
    assertThat(result.files()).isEqualTo(3);
    assertThat(read(result.jobId(), "serving/postgres/a.dump")).isEqualTo(dump);
    assertThat(read(result.jobId(), "serving/postgres/empty.dump")).isEmpty();
  }

  @Test
  void incrementalTakesTheStreamWholeAndUploadsOnlyNewParts() throws Exception {
    byte[] v1 = bytes(4 * PART, 4);
    BackupResult full = backup(SnapshotType.FULL, stream("postgres/shop.dump", v1));
    clock.advance(Duration.ofMinutes(5));
    byte[] v2 = v1.clone();
    v2[3 * PART + 10] ^= 1; // only the last part changes
    BackupResult inc = backup(SnapshotType.INCREMENTAL, stream("postgres/shop.dump", v2));
    assertThat(inc.snapshotType()).isEqualTo(SnapshotType.INCREMENTAL);
    assertThat(inc.bytesUploaded()).isLessThan(full.bytesUploaded());
    assertThat(read(inc.jobId(), "serving/postgres/shop.dump")).isEqualTo(v2);
    assertThat(read(full.jobId(), "serving/postgres/shop.dump")).isEqualTo(v1);

    // A shorter dump later: the parts it no longer has are gone from the snapshot.
    clock.advance(Duration.ofMinutes(5));
    byte[] v3 = Arrays.copyOf(v2, PART + 5);
    BackupResult shorter = backup(SnapshotType.INCREMENTAL, stream("postgres/shop.dump", v3));
    assertThat(read(shorter.jobId(), "serving/postgres/shop.dump")).isEqualTo(v3);
    Path dest = tmp.resolve("restore");
    Fixture.restoreAll(repo, shorter.jobId(), dest);
    try (Stream<Path> parts = Files.list(dest.resolve("serving/postgres"))) {
      assertThat(parts.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("shop.dump.part-000001", "shop.dump.part-000002");
    }
  }

  @Test
  void encryptedStreamRoundTrips() throws Exception {
    repo =
        Repository.builder(new LocalTarget(tmp.resolve("enc")), "prod", "shop")
            .clock(clock)
            .encryptionKey(EncryptionKey.parse("0123456789abcdef".repeat(4), "test key"))
            .build();
    byte[] dump = bytes(2 * PART + 99, 5);
    BackupResult result = backup(SnapshotType.FULL, stream("postgres/shop.dump", dump));
    assertThat(read(result.jobId(), "serving/postgres/shop.dump")).isEqualTo(dump);
  }

  @Test
  void producerFailingMidwayFailsTheJobAndPublishesNothing() throws Exception {
    byte[] dump = bytes(4 * PART, 6);
    StreamSource failing =
        new StreamSource(
            "postgres/shop.dump",
            "serving",
            SourcePriority.P0,
            "test producer",
            () ->
                new FilterInputStream(new ByteArrayInputStream(dump)) {
                  private long read;

                  @Override
                  public int read(byte[] b, int off, int len) throws IOException {
                    if (read > 2 * PART + 100) {
                      throw new IOException("connection to server lost");
                    }
                    int n = super.read(b, off, Math.min(len, 1000));
                    read += Math.max(n, 0);
                    return n;
                  }
                });
    assertThatThrownBy(() -> backup(SnapshotType.FULL, failing))
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining("stream serving/postgres/shop.dump failed after")
        .hasMessageContaining("connection to server lost");
    assertNothingPublished();
  }

  @Test
  void producerReportingFailureAtCloseFailsTheJobAndPublishesNothing() throws Exception {
    // Like pg_dump exiting 1 after writing part of a dump: the bytes end, then close reports it.
    byte[] partial = bytes(PART + 10, 7);
    StreamSource exitsNonZero =
        new StreamSource(
            "postgres/shop.dump",
            "serving",
            SourcePriority.P0,
            "test producer",
            () ->
                new ByteArrayInputStream(partial) {
                  @Override
                  public void close() throws IOException {
                    throw new IOException("pg_dump exited with code 1: out of memory");
                  }
                });
    assertThatThrownBy(() -> backup(SnapshotType.FULL, exitsNonZero))
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining(
            "stream serving/postgres/shop.dump failed: pg_dump exited with code 1");
    assertNothingPublished();
  }

  @Test
  void producerThatCannotStartFailsTheJob() throws Exception {
    StreamSource broken =
        new StreamSource(
            "postgres/shop.dump",
            "serving",
            SourcePriority.P0,
            "test producer",
            () -> {
              throw new IOException("cannot run pg_dump: No such file or directory");
            });
    assertThatThrownBy(() -> backup(SnapshotType.FULL, broken))
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining("stream serving/postgres/shop.dump cannot start: cannot run pg_dump");
    assertNothingPublished();
  }

  @Test
  void streamNamesAreCheckedAndMayNotLandInsideADirectorySource() {
    assertThatThrownBy(() -> stream("../escape.dump", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no empty, '.' or '..' segment");
    Path inside = tmp.resolve("serving");
    assertThatThrownBy(
            () ->
                BackupRequest.builder()
                    .source(SourceDirectory.of(Path.of("/serving"), "raw", SourcePriority.P0))
                    .stream(stream("postgres/shop.dump", new byte[0]))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would be stored inside directory source /serving");
    assertThat(inside).doesNotExist();
  }

  @Test
  void dryRunNamesTheStreamWithoutOpeningIt() throws Exception {
    StreamSource neverOpened =
        new StreamSource(
            "postgres/shop.dump",
            "serving",
            SourcePriority.P0,
            "test producer",
            () -> {
              throw new AssertionError("a dry run must not start the producer");
            });
    BackupResult result =
        new BackupEngine(repo)
            .backup(
                BackupRequest.builder()
                    .source(SourceDirectory.of(src, "raw", SourcePriority.P1))
                    .stream(neverOpened)
                    .dryRun(true)
                    .build());
    assertThat(result.plannedFiles()).contains("serving/postgres/shop.dump");
  }

  private void assertNothingPublished() throws Exception {
    assertThat(repo.catalog().list()).isEmpty();
    try (Stream<Path> files = Files.walk(tmp.resolve("repo"))) {
      assertThat(files.filter(Files::isRegularFile))
          .as("no manifest, no pack, no partial upload, no lock is left")
          .isEmpty();
    }
  }
}
