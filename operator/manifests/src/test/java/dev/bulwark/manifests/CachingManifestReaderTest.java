package dev.bulwark.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.engine.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingManifestReaderTest {
  private final CachingManifestReader reader = new CachingManifestReader(new ManifestReader());
  @TempDir Path dir;

  @Test
  void anUnchangedFileIsNotParsedAgain() throws IOException {
    write("a.yaml", policy("alpha"));
    ManifestDocument first = reader.readAll(dir).get(0);

    ManifestDocument second = reader.readAll(dir).get(0);

    assertThat(second).as("the same parsed document").isSameAs(first);
  }

  @Test
  void aFileEditedInPlaceWithTheSameSizeIsReadAgain() throws IOException {
    Path file = write("a.yaml", policy("alpha"));
    assertThat(names(reader.readAll(dir))).containsExactly("alpha");
    FileTime before = Files.getLastModifiedTime(file);

    // Same length, same inode (no rename); only the modification time tells.
    Files.writeString(file, policy("omega"), StandardOpenOption.TRUNCATE_EXISTING);
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1_000));

    assertThat(names(reader.readAll(dir))).containsExactly("omega");
  }

  @Test
  void aFileReplacedWithinTheSameClockTickIsReadAgain() throws IOException {
    Path file = write("a.yaml", policy("alpha"));
    FileTime before = Files.getLastModifiedTime(file);
    assertThat(names(reader.readAll(dir))).containsExactly("alpha");

    // An atomic replace (editors, ConfigMaps, kubectl cp) makes a new file: a new identity.
    AtomicFiles.write(file, policy("omega").getBytes(StandardCharsets.UTF_8));
    Files.setLastModifiedTime(file, before);

    assertThat(names(reader.readAll(dir))).containsExactly("omega");
  }

  @Test
  void newAndDeletedFilesAreSeenOnTheNextRead() throws IOException {
    write("a.yaml", policy("alpha"));
    Path b = write("b.yaml", policy("beta"));
    assertThat(names(reader.readAll(dir))).containsExactly("alpha", "beta");

    Files.delete(b);
    write("sub/c.yml", policy("gamma"));

    assertThat(names(reader.readAll(dir))).containsExactly("alpha", "gamma");
  }

  @Test
  void readsTheSameDocumentsAsTheUncachedReader() throws IOException {
    write("a.yaml", policy("alpha") + "---\n" + policy("beta"));
    write("broken.yaml", "apiVersion: bulwark.dev/v1alpha1\nkind: BackupPolicy\n  metadata: {x\n");
    write(".hidden.yaml", policy("hidden"));

    List<ManifestDocument> cached = reader.readAll(dir);
    List<ManifestDocument> again = reader.readAll(dir);

    assertThat(summaries(cached))
        .isEqualTo(summaries(new ManifestReader().readAll(List.of(dir))))
        .hasSize(3);
    assertThat(again).isEqualTo(cached);
  }

  /** What a document says, without the parsed objects (which have no equals). */
  private static List<String> summaries(List<ManifestDocument> documents) {
    return documents.stream()
        .map(
            d ->
                String.join(
                    " ",
                    d.file().toString(),
                    String.valueOf(d.index()),
                    String.valueOf(d.line()),
                    d.outcome().name(),
                    d.label(),
                    d.problems().toString(),
                    d.specDigest(),
                    d.contentDigest()))
        .toList();
  }

  private static List<String> names(List<ManifestDocument> documents) {
    return documents.stream().map(ManifestDocument::name).flatMap(Optional::stream).toList();
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private static String policy(String name) {
    return """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: %s}
        spec:
          target: local
          sources: [{path: /data, domain: raw}]
        """
        .formatted(name);
  }
}
