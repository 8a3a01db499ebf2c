package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.Sha256;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyRequest;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file rewritten while it is read is stored as one consistent read whose hash matches it. */
class ChangingFileTest {
  @TempDir Path tmp;

  @Test
  void fileChangingDuringBackupIsNeverStoredWithAWrongHash() throws Exception {
    Path src = tmp.resolve("src");
    Path hot = TestTrees.randomFile(src.resolve("hot.bin"), 24L * 1024 * 1024, 1);
    Path small = TestTrees.write(src.resolve("hot.json"), "{\"v\":0}");
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer =
        new Thread(
            () -> {
              byte[] block = new byte[64 * 1024];
              long i = 0;
              try (RandomAccessFile f = new RandomAccessFile(hot.toFile(), "rw")) {
                while (!stop.get()) {
                  i++;
                  java.util.Arrays.fill(block, (byte) i);
                  f.seek((i * 7919 * 64 * 1024) % (24L * 1024 * 1024 - block.length));
                  f.write(block);
                  Files.writeString(small, "{\"v\":" + i + "}");
                }
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    writer.start();
    Repository repo = Repository.open(new LocalTarget(tmp.resolve("repo")), "prod", "hot");
    BackupResult result;
    try {
      result = Fixture.backup(repo, src, SnapshotType.FULL);
    } finally {
      stop.set(true);
      writer.join();
    }
    Manifest m = repo.readManifest(repo.catalog().find(result.jobId()).orElseThrow());
    FileEntry entry =
        m.files().stream().filter(e -> e.path().endsWith("hot.bin")).findFirst().orElseThrow();
    assertThat(entry.sha256()).hasSize(64);
    assertThat(new Verifier(repo).verify(VerifyRequest.builder().readData(true).build()).problems())
        .as("every stored hash matches the stored bytes")
        .isEmpty();
    Path dest = tmp.resolve("dest");
    Fixture.restoreAll(repo, result.jobId(), dest);
    Path back = Fixture.restored(dest, src).resolve("hot.bin");
    assertThat(Sha256.hex(Files.readAllBytes(back))).isEqualTo(entry.sha256());
  }
}
