package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.crypto.EncryptionKey;
import dev.bulwark.engine.crypto.FrameCipher;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.pack.CorruptFrameException;
import dev.bulwark.engine.pack.FrameDecoder;
import dev.bulwark.engine.pack.FrameEncoder;
import dev.bulwark.engine.pack.ZstdFrames;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.Tamper;
import dev.bulwark.engine.testing.TestTrees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames that lie about their size or expand without bound (zstd bombs) are rejected before any
 * large allocation: a frame never decompresses to more than its declared size, and no declared size
 * above the 8 MiB cap is accepted.
 */
class FrameSafetyTest {
  @TempDir Path tmp;

  @Test
  void frameClaimingAHugeSizeIsRejectedBeforeAllocating() throws Exception {
    byte[] frame = ZstdFrames.stored(new byte[10], 0, 10);
    // Patch the 4-byte content size (flag 2) to 4 GiB - 1.
    frame[5] = frame[6] = frame[7] = frame[8] = (byte) 0xff;
    assertThatThrownBy(() -> decode(frame, null))
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("over the");
  }

  @Test
  void zstdBombIsRejected() throws Exception {
    byte[] bomb = Zstd.compress(new byte[256 * 1024 * 1024], 19);
    assertThat(bomb.length).isLessThan(64 * 1024);
    assertThatThrownBy(() -> decode(bomb, null))
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("over the");
  }

  @Test
  void frameExpandingPastItsDeclaredSizeIsRejected() throws Exception {
    byte[] honest = Zstd.compress(new byte[1024 * 1024], 3);
    long declared = Zstd.getFrameContentSize(honest);
    assertThat(declared).isEqualTo(1024 * 1024);
    byte[] liar = honest.clone();
    // The frame header holds the content size right after the descriptor; make it claim 100.
    int descriptor = liar[4] & 0xff;
    int at = 5 + ((descriptor & 0x20) != 0 ? 0 : 1);
    int width = (descriptor >>> 6) == 0 ? 1 : 1 << (descriptor >>> 6);
    for (int i = 0; i < width; i++) {
      liar[at + i] = 0;
    }
    liar[at] = (byte) (width == 2 ? 0 : 100);
    assertThatThrownBy(() -> decode(liar, null)).isInstanceOf(CorruptFrameException.class);
  }

  @Test
  void frameWithoutDeclaredSizeIsRejected() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdOutputStream z = new ZstdOutputStream(out)) {
      z.write(new byte[100_000]);
    }
    assertThatThrownBy(() -> decode(out.toByteArray(), null))
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("content size");
  }

  @Test
  void sealedFrameClaimingAHugeLengthIsRejected() throws Exception {
    FrameCipher cipher = new FrameCipher(EncryptionKey.ofBytes(new byte[32]));
    byte[] sealed = new byte[64];
    sealed[0] = 0x7f;
    sealed[1] = (byte) 0xff;
    assertThatThrownBy(() -> decode(sealed, cipher))
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("over the cap");
  }

  @Test
  void encoderAndDecoderRoundTripStoredAndCompressedFrames() throws Exception {
    FrameCipher cipher = new FrameCipher(EncryptionKey.ofBytes(new byte[32]));
    byte[] text = "hello frames\n".repeat(10_000).getBytes();
    byte[] random = new byte[300_000];
    new java.util.Random(5).nextBytes(random);
    try (FrameEncoder encoder = new FrameEncoder(3, cipher)) {
      FrameEncoder.Encoded compressed = encoder.encode(text, text.length, true, "p1", 0);
      FrameEncoder.Encoded stored = encoder.encode(random, random.length, true, "p1", 0);
      assertThat(compressed.compressed()).isTrue();
      assertThat(stored.compressed()).isFalse();
      try (FrameDecoder decoder = new FrameDecoder(cipher)) {
        FrameDecoder.Frame f = decoder.next(new ByteArrayInputStream(stored.bytes()), "p1", 0);
        assertThat(java.util.Arrays.copyOf(f.raw(), f.rawLength())).isEqualTo(random);
        assertThatThrownBy(
                () -> decoder.next(new ByteArrayInputStream(compressed.bytes()), "p2", 0))
            .hasMessageContaining("authentication");
        assertThatThrownBy(
                () -> decoder.next(new ByteArrayInputStream(compressed.bytes()), "p1", 512))
            .hasMessageContaining("authentication");
      }
    }
  }

  @Test
  void manifestClaimingAHugeFileSizeFailsTheRestoreCleanly() throws Exception {
    Path src = tmp.resolve("src");
    TestTrees.write(src.resolve("small.json"), "{\"a\":1}");
    LocalTarget target = new LocalTarget(tmp.resolve("repo"));
    Repository repo = Repository.open(target, "prod", "bomb");
    BackupResult result = Fixture.backup(repo, src, SnapshotType.FULL);
    SnapshotSummary s = repo.catalog().find(result.jobId()).orElseThrow();
    Tamper.rewriteFiles(
        repo,
        target,
        s,
        files -> {
          List<FileEntry> out = new ArrayList<>();
          for (FileEntry e : files) {
            out.add(
                e.path().endsWith("small.json")
                    ? new FileEntry(
                        e.path(),
                        e.type(),
                        1L << 40,
                        e.mode(),
                        e.mtime(),
                        e.inode(),
                        e.sha256(),
                        e.link(),
                        e.domain(),
                        e.priority(),
                        e.pack(),
                        e.offset(),
                        e.length(),
                        e.skip(),
                        e.unstable())
                    : e);
          }
          return out;
        });
    Path dest = tmp.resolve("dest");
    Files.createDirectories(dest);
    assertThatThrownBy(() -> Fixture.restoreAll(repo, result.jobId(), dest))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("space");
    assertThatThrownBy(
            () ->
                new dev.bulwark.engine.restore.RestoreEngine(repo)
                    .restore(
                        dev.bulwark.engine.restore.RestoreRequest.builder(dest)
                            .snapshot(result.jobId())
                            .dryRun(true)
                            .build()))
        .isInstanceOf(RestoreFailedException.class)
        .hasMessageContaining("small.json");
  }

  private static FrameDecoder.Frame decode(byte[] bytes, FrameCipher cipher) throws Exception {
    try (FrameDecoder decoder = new FrameDecoder(cipher)) {
      return decoder.next(new ByteArrayInputStream(bytes), "pack", 0);
    }
  }
}
