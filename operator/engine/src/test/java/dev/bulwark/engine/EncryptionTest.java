package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.catalog.SnapshotIndex;
import dev.bulwark.engine.crypto.EncryptionKey;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyReport;
import dev.bulwark.engine.verify.VerifyRequest;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AES-256-GCM per frame: no plaintext stored, wrong keys named, moved frames detected. */
class EncryptionTest {
  private static final String MARKER = "PLAINTEXT-MARKER-7f3a9c";
  private static final String KEY_HEX = "0123456789abcdef".repeat(4);

  @TempDir Path tmp;
  private LocalTarget target;
  private Path src;
  private BackupResult result;

  @BeforeEach
  void setUp() throws Exception {
    src = tmp.resolve("src");
    TestTrees.sampleTree(src);
    TestTrees.write(src.resolve("known.txt"), (MARKER + "\n").repeat(10_000));
    TestTrees.write(src.resolve("small-known.txt"), MARKER);
    TestTrees.randomFile(src.resolve("a.bin"), 1536 * 1024, 1);
    TestTrees.randomFile(src.resolve("b.bin"), 1536 * 1024, 2);
    target = new LocalTarget(tmp.resolve("repo"));
    result = Fixture.backup(repo(KEY_HEX), src, SnapshotType.FULL);
  }

  private Repository repo(String keyHex) throws Exception {
    return Repository.builder(target, "prod", "secret")
        .encryptionKey(EncryptionKey.parse(keyHex, "test key"))
        .build();
  }

  @Test
  void noPlaintextOfAKnownFileInTheRepositoryAndRoundTrip() throws Exception {
    byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(tmp.resolve("repo"))) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        byte[] bytes = Files.readAllBytes(f);
        assertThat(indexOf(bytes, marker)).as(f.toString()).isEqualTo(-1);
        assertThat(
                indexOf(bytes, "secret".getBytes(StandardCharsets.UTF_8)) < 0
                    || f.toString().endsWith(".json"))
            .as("file contents only appear in packs, sealed: " + f)
            .isTrue();
      }
    }
    try (Stream<Path> packs = Files.walk(tmp.resolve("repo"))) {
      assertThat(packs.filter(p -> p.toString().endsWith(".tar.zst.gcm"))).isNotEmpty();
    }
    Path dest = tmp.resolve("dest");
    Fixture.restoreAll(repo(KEY_HEX), result.jobId(), dest);
    TestTrees.assertSameTree(src, Fixture.restored(dest, src));
    assertThat(
            new Verifier(repo(KEY_HEX)).verify(VerifyRequest.builder().readData(true).build()).ok())
        .isTrue();
  }

  @Test
  void wrongOrMissingKeyFailsClearly() throws Exception {
    assertThatThrownBy(
            () -> Fixture.restoreAll(repo("ff".repeat(32)), result.jobId(), tmp.resolve("d1")))
        .isInstanceOf(EncryptionKeyException.class)
        .hasMessageContaining("wrong encryption key")
        .hasMessageNotContaining(KEY_HEX)
        .hasMessageNotContaining("ff".repeat(32));
    Repository keyless = Repository.open(target, "prod", "secret");
    assertThatThrownBy(() -> Fixture.restoreAll(keyless, result.jobId(), tmp.resolve("d2")))
        .isInstanceOf(EncryptionKeyException.class)
        .hasMessageContaining("no encryption key was given");
    VerifyReport report =
        new Verifier(repo("ff".repeat(32))).verify(VerifyRequest.builder().readData(true).build());
    assertThat(report.problems()).anyMatch(p -> p.reason().contains("wrong encryption key"));
  }

  @Test
  void frameSwappedIntoAnotherFilesPlaceIsDetected() throws Exception {
    Repository repo = repo(KEY_HEX);
    SnapshotIndex index = repo.readIndex(repo.catalog().find(result.jobId()).orElseThrow());
    FileEntry a = entry(index, "a.bin");
    FileEntry b = entry(index, "b.bin");
    assertThat(a.pack()).isEqualTo(b.pack());
    assertThat(a.length()).isEqualTo(b.length());
    Path pack = target.pathOf(index.packKey(a.pack()).orElseThrow());
    try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
      byte[] frameA = new byte[(int) (long) a.length()];
      byte[] frameB = new byte[(int) (long) b.length()];
      f.seek(a.offset());
      f.readFully(frameA);
      f.seek(b.offset());
      f.readFully(frameB);
      f.seek(a.offset());
      f.write(frameB);
      f.seek(b.offset());
      f.write(frameA);
    }
    assertThatThrownBy(
            () ->
                new RestoreEngine(repo)
                    .restore(
                        RestoreRequest.builder(tmp.resolve("d"))
                            .snapshot(result.jobId())
                            .path(a.path())
                            .build()))
        .isInstanceOf(RestoreFailedException.class)
        .hasMessageContaining("authentication");
    assertThat(tmp.resolve("d").resolve(a.path())).doesNotExist();
    VerifyReport report = new Verifier(repo).verify(VerifyRequest.builder().readData(true).build());
    assertThat(report.problems()).anyMatch(p -> p.object().equals(index.packKey(a.pack()).get()));
  }

  @Test
  void keysParseFromHexOrBase64AndBadKeysFailWithoutEchoingThem() throws Exception {
    byte[] raw = HexFormat.of().parseHex(KEY_HEX);
    EncryptionKey hex = EncryptionKey.parse(KEY_HEX, "env");
    EncryptionKey b64 = EncryptionKey.parse(Base64.getEncoder().encodeToString(raw), "file");
    assertThat(hex.keyId()).isEqualTo(b64.keyId()).hasSize(16);
    assertThat(hex.toString()).doesNotContain(KEY_HEX);
    assertThatThrownBy(() -> EncryptionKey.parse("c2hvcnQ=", "environment variable BULWARK_KEY"))
        .isInstanceOf(EncryptionKeyException.class)
        .hasMessageContaining("environment variable BULWARK_KEY")
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining("c2hvcnQ=");
    Path keyFile = TestTrees.write(tmp.resolve("key"), KEY_HEX + "\n");
    assertThat(EncryptionKey.fromFile(keyFile).keyId()).isEqualTo(hex.keyId());
  }

  private static FileEntry entry(SnapshotIndex index, String suffix) {
    return index.entries().stream()
        .filter(e -> e.path().endsWith(suffix))
        .findFirst()
        .orElseThrow();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
