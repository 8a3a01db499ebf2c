package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.format.EntryType;
import dev.bulwark.engine.format.PackObject;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.pack.TarHeaders;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.TestTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unencrypted pack is a plain .tar.zst: the real zstd and tar commands restore it. */
class PackFormatTest {
  @TempDir Path tmp;

  @Test
  void unencryptedPacksExtractWithZstdAndTar() throws Exception {
    Path src = tmp.resolve("src");
    TestTrees.sampleTree(src);
    TestTrees.randomFile(src.resolve("media/clip.bin"), 9 * 1024 * 1024 + 77, 3);
    LocalTarget target = new LocalTarget(tmp.resolve("repo"));
    Repository repo = Repository.open(target, "prod", "tar");
    BackupResult result = Fixture.backup(repo, src, SnapshotType.FULL);
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    for (PackObject pack :
        repo.readManifest(repo.catalog().find(result.jobId()).orElseThrow()).objectList()) {
      assertThat(pack.path()).endsWith(".tar.zst");
      Fixture.run(
          "bash", "-c", "zstd -dc '" + target.pathOf(pack.path()) + "' | tar -x -C '" + out + "'");
    }
    Path extracted = Fixture.restored(out, src);
    try (Stream<Path> walk = Files.walk(src)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path twin = extracted.resolve(src.relativize(p).toString());
        if (Files.isSymbolicLink(p)) {
          assertThat(Files.readSymbolicLink(twin)).isEqualTo(Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          assertThat(Files.mismatch(p, twin)).as(p.toString()).isEqualTo(-1);
          assertThat(Files.getPosixFilePermissions(twin))
              .isEqualTo(Files.getPosixFilePermissions(p));
        } else {
          assertThat(twin).isDirectory();
        }
      }
    }
    String listing =
        Fixture.run(
            "bash",
            "-c",
            "for p in $(find '"
                + tmp.resolve("repo")
                + "' -name '*.tar.zst'); do zstd -dc $p | tar -t; done");
    assertThat(listing).contains("学生/档案 1.json").contains("n".repeat(120) + ".txt");
  }

  @Test
  void headersUsePaxForLongAndUnicodeNamesAndCarryValidChecksums() {
    byte[] plain = TarHeaders.header("a/b.txt", EntryType.FILE, 5, 0644, 1_700_000_000L, null);
    assertThat(plain).hasSize(512);
    assertThat(new String(plain, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : plain[i] & 0xff;
    }
    assertThat(Long.parseLong(new String(plain, 148, 6, StandardCharsets.US_ASCII), 8))
        .isEqualTo(sum);

    byte[] unicode = TarHeaders.header("学生/档案.json", EntryType.FILE, 5, 0644, 0, null);
    assertThat(unicode.length).isEqualTo(3 * 512);
    assertThat((char) unicode[156]).isEqualTo('x');
    assertThat(new String(unicode, 512, 512, StandardCharsets.UTF_8)).contains("path=学生/档案.json\n");
  }
}
