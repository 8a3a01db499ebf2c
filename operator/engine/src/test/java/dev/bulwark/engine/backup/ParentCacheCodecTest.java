package dev.bulwark.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.format.EntryType;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.PackRef;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parent cache's file encoding: every field of every entry survives a round trip exactly (the
 * cache must give the same backup as the manifests), and no damaged or truncated file decodes.
 */
class ParentCacheCodecTest {
  private static final String REPO = "local\nlocal directory /r\nprod\nteaching-data";
  private static final String SHA =
      "b2bc7d3f00112233445566778899aabbccddeeff00112233445566778899aabb";

  private static List<FileEntry> entries() {
    List<FileEntry> list = new ArrayList<>();
    list.add(
        new FileEntry(
            "data",
            EntryType.DIRECTORY,
            null,
            "0755",
            "2026-11-28T02:04:41.120000000Z",
            null,
            null,
            null,
            "raw",
            SourcePriority.P0,
            null,
            null,
            null,
            null,
            null));
    list.add(
        new FileEntry(
            "data/raw/exams/e1.json",
            EntryType.FILE,
            812L,
            "0644",
            "2026-11-28T02:04:41.120000001Z",
            2146970L,
            SHA,
            null,
            "raw",
            SourcePriority.P0,
            "0d1e2f3a4b5c6d7e8f901234",
            0L,
            443L,
            512L,
            null,
            "3"));
    list.add(
        new FileEntry(
            "data/raw/exams/e2.json",
            EntryType.FILE,
            0L,
            "0600",
            "1969-12-31T23:59:59.999999999Z",
            -1L,
            SHA.toUpperCase(),
            null,
            "raw",
            SourcePriority.P2,
            "0d1e2f3a4b5c6d7e8f901234",
            Long.MAX_VALUE,
            1L,
            0L,
            Boolean.FALSE,
            null));
    list.add(
        new FileEntry(
            "data/raw/ünïcödé/long-" + "x".repeat(300),
            EntryType.FILE,
            5L,
            "4755",
            "t",
            null,
            "not-a-hash",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Boolean.TRUE,
            "v1.2-beta_3"));
    list.add(
        new FileEntry(
            "data/a-link",
            EntryType.SYMLINK,
            null,
            "0777",
            "2026-11-28T02:04:41Z",
            null,
            null,
            "../../etc/hostname",
            "raw",
            SourcePriority.P1,
            null,
            null,
            null,
            null,
            null));
    list.add(
        new FileEntry(
            "data",
            EntryType.FILE,
            Long.MIN_VALUE,
            null,
            null,
            Long.MIN_VALUE,
            null,
            "",
            "",
            null,
            "",
            -5L,
            -6L,
            -7L,
            null,
            ""));
    return list;
  }

  private static CachedFull full() {
    return new CachedFull(
        "20261128T020000Z-9f8e7d",
        SHA,
        43_000_000L,
        "2026-11-28T02:00:00.012Z",
        "0011223344556677",
        List.of(new PackRef("0d1e2f3a4b5c6d7e8f901234", "backups/prod/x/packs/0d1e.tar.zst.gcm")),
        entries());
  }

  private static CachedNewest newest() {
    return new CachedNewest(
        "20261128T020500Z-1a2b3c",
        SnapshotType.INCREMENTAL,
        SHA,
        1467L,
        "20261128T020000Z-9f8e7d",
        SHA,
        List.of(new PackRef("77aa01be9c3d4e5f60718293", "backups/prod/y/packs/77aa.tar.zst")),
        entries().subList(1, 3),
        List.of("data/raw/old/e0.json", "data/ünï"));
  }

  @Test
  void everyFieldOfEveryEntrySurvivesARoundTrip() throws Exception {
    CachedFull full = full();
    assertThat(ParentCacheCodec.decodeFull(ParentCacheCodec.encodeFull(REPO, full), REPO))
        .isEqualTo(full);
    CachedNewest newest = newest();
    assertThat(ParentCacheCodec.decodeNewest(ParentCacheCodec.encodeNewest(REPO, newest), REPO))
        .isEqualTo(newest);
    CachedNewest ofFull = CachedNewest.ofFull(full);
    assertThat(ParentCacheCodec.decodeNewest(ParentCacheCodec.encodeNewest(REPO, ofFull), REPO))
        .isEqualTo(ofFull);
    CachedFull unencrypted =
        new CachedFull("20261128T020000Z-9f8e7d", SHA, 1, null, null, List.of(), List.of());
    assertThat(ParentCacheCodec.decodeFull(ParentCacheCodec.encodeFull(REPO, unencrypted), REPO))
        .isEqualTo(unencrypted);
  }

  @Test
  void everyDamagedByteIsDetected() {
    byte[] good = ParentCacheCodec.encodeNewest(REPO, newest());
    for (int i = 0; i < good.length; i++) {
      for (int flip : new int[] {0x01, 0x80, 0xFF}) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) flip;
        int at = i;
        assertThatThrownBy(() -> ParentCacheCodec.decodeNewest(bad, REPO))
            .as("byte %d xor %d", at, flip)
            .isInstanceOf(ParentCacheCodec.DamagedException.class);
      }
    }
  }

  @Test
  void everyTruncationAndAnyTrailingByteIsDetected() {
    byte[] good = ParentCacheCodec.encodeFull(REPO, full());
    for (int length = 0; length < good.length; length++) {
      byte[] cut = Arrays.copyOf(good, length);
      assertThatThrownBy(() -> ParentCacheCodec.decodeFull(cut, REPO))
          .isInstanceOf(ParentCacheCodec.DamagedException.class);
    }
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> ParentCacheCodec.decodeFull(longer, REPO))
        .isInstanceOf(ParentCacheCodec.DamagedException.class)
        .hasMessageContaining("truncated or has trailing bytes");
  }

  @Test
  void aFileOfAnotherRepositoryOrKindOrVersionIsRefused() {
    byte[] full = ParentCacheCodec.encodeFull(REPO, full());
    assertThatThrownBy(() -> ParentCacheCodec.decodeFull(full, REPO + "-other"))
        .isInstanceOf(ParentCacheCodec.DamagedException.class)
        .hasMessageContaining("belongs to another repository");
    assertThatThrownBy(() -> ParentCacheCodec.decodeNewest(full, REPO))
        .isInstanceOf(ParentCacheCodec.DamagedException.class)
        .hasMessageContaining("kind");
    byte[] future = full.clone();
    future[9] = 2; // the low byte of the version after the 8-byte magic
    assertThatThrownBy(() -> ParentCacheCodec.decodeFull(future, REPO))
        .isInstanceOf(ParentCacheCodec.DamagedException.class)
        .hasMessageContaining("cache version 2");
  }
}
