package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link RecordFolder#newest} keeps between calls, and what makes it read again. */
class RecordFolderTest {
  /** A record as the folder stores them. */
  record Note(String id, String state) {}

  @TempDir Path dir;
  private final RecordFolder<Note> reader = new RecordFolder<>(Note.class, "note");
  // Another process (a `bulwark backup` run by hand) writing into the same folder.
  private final RecordFolder<Note> writer = new RecordFolder<>(Note.class, "note");

  @Test
  void anUnchangedRecordIsNotParsedAgain() {
    writer.write(dir, "20260301T100000Z-aaaaaa", new Note("a", "succeeded"));
    Note first = reader.newest(dir, 5).get(0);

    Note second = reader.newest(dir, 5).get(0);

    assertThat(second).as("the same parsed record").isSameAs(first);
  }

  @Test
  void aRecordWrittenByAnotherWriterIsSeen() {
    writer.write(dir, "20260301T100000Z-aaaaaa", new Note("a", "succeeded"));
    assertThat(reader.newest(dir, 5)).extracting(Note::id).containsExactly("a");

    writer.write(dir, "20260301T110000Z-bbbbbb", new Note("b", "running"));

    assertThat(reader.newest(dir, 5)).extracting(Note::id).containsExactly("b", "a");
  }

  @Test
  void aReplacedRecordIsReadAgainEvenWithinTheSameClockTick() throws IOException {
    writer.write(dir, "20260301T100000Z-aaaaaa", new Note("a", "running"));
    Path file = dir.resolve("20260301T100000Z-aaaaaa.json");
    FileTime before = Files.getLastModifiedTime(file);
    assertThat(reader.newest(dir, 5)).extracting(Note::state).containsExactly("running");

    writer.write(dir, "20260301T100000Z-aaaaaa", new Note("a", "failed!")); // a new file, renamed
    Files.setLastModifiedTime(file, before);

    assertThat(reader.newest(dir, 5)).extracting(Note::state).containsExactly("failed!");
  }

  @Test
  void aRecordEditedInPlaceIsReadAgain() throws IOException {
    writer.write(dir, "20260301T100000Z-aaaaaa", new Note("a", "running"));
    Path file = dir.resolve("20260301T100000Z-aaaaaa.json");
    FileTime before = Files.getLastModifiedTime(file);
    assertThat(reader.newest(dir, 5)).extracting(Note::state).containsExactly("running");

    String edited = Files.readString(file).replace("running", "stopped");
    Files.writeString(file, edited, StandardOpenOption.TRUNCATE_EXISTING); // same size, same inode
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1_000));

    assertThat(reader.newest(dir, 5)).extracting(Note::state).containsExactly("stopped");
  }

  @Test
  void aDeletedRecordIsGone() throws IOException {
    writer.write(dir, "20260301T100000Z-aaaaaa", new Note("a", "succeeded"));
    writer.write(dir, "20260301T110000Z-bbbbbb", new Note("b", "succeeded"));
    assertThat(reader.newest(dir, 5)).hasSize(2);

    Files.delete(dir.resolve("20260301T110000Z-bbbbbb.json"));

    assertThat(reader.newest(dir, 5)).extracting(Note::id).containsExactly("a");
  }

  @Test
  void aSmallerWindowKeepsWhatALargerOneRead() {
    for (String id : List.of("a", "b", "c")) {
      writer.write(
          dir, "20260301T10000" + (id.charAt(0) - 'a') + "Z-" + id.repeat(6), new Note(id, "ok"));
    }
    Note oldest = reader.newest(dir, 3).get(2);

    reader.newest(dir, 1);

    assertThat(reader.newest(dir, 3).get(2)).isSameAs(oldest);
  }
}
