package dev.bulwark.engine.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writesANewFileInDirectoriesItCreatesAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("a/b/record.json");

    AtomicFiles.write(file, bytes("{}"));

    assertThat(file).hasContent("{}");
    assertThat(namesIn(file.getParent())).containsExactly("record.json");
  }

  @Test
  void replacesAnExistingFileWhole() throws IOException {
    Path file = dir.resolve("state.json");
    AtomicFiles.write(file, bytes("old, and longer than the new content"));

    AtomicFiles.write(file, bytes("new"));

    assertThat(file).hasContent("new");
  }

  @Test
  void writesFilesOthersReadAsReadableByAll() throws IOException {
    Path file = dir.resolve("status.json");

    AtomicFiles.writeReadableByAll(file, bytes("{}"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void replaceKeepsThePermissionsOfTheFileItReplaces() throws IOException {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));

    AtomicFiles.replace(file, bytes("new"));

    assertThat(file).hasContent("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-rw----");
  }

  @Test
  void replaceRefusesAFileItMayNotWrite() throws IOException {
    Path file = dir.resolve("locked.yaml");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    // root may write anything: the refusal is only observable for other users.
    assumeFalse(Files.isWritable(file));

    assertThatThrownBy(() -> AtomicFiles.replace(file, bytes("new")))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(file).hasContent("old");
  }

  @Test
  void removeLeftoversDeletesOnlyTheTemporaryFilesOfThatFile() throws IOException {
    Path file = dir.resolve("journal.json");
    Files.writeString(file, "whole");
    Files.writeString(dir.resolve(".journal.json.bulwark-dead00000000.tmp"), "half");
    Files.writeString(dir.resolve(".other.json.bulwark-dead00000000.tmp"), "someone else's");

    AtomicFiles.removeLeftovers(file);

    assertThat(namesIn(dir))
        .containsExactlyInAnyOrder("journal.json", ".other.json.bulwark-dead00000000.tmp");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> namesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
