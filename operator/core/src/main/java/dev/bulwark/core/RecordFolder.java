package dev.bulwark.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.bulwark.engine.files.AtomicFiles;
import dev.bulwark.engine.files.FileVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of JSON records, one file per record named {@code <id>.json}, where ids sort by time
 * (job and run ids do), so the newest records are the last names. Files are replaced atomically
 * (temporary file in the same folder, then rename): a crash leaves the old version or the new one,
 * never half of either. Unreadable files are skipped with a log line, so one damaged record never
 * hides the others. Job history and drill history both keep their records this way.
 *
 * <p>{@link #newest} keeps what it parsed, per file, with the file's {@link FileVersion}: a runtime
 * asking for the same few records of every policy every few seconds parses a record again only when
 * it was replaced or edited (a new record, written by this process or by a {@code bulwark backup}
 * run by hand, is a new name and is read). Callers must not mutate the records it returns; they are
 * shared between calls.
 *
 * @param <T> the record type (a Jackson-mapped record)
 */
public final class RecordFolder<T> {
  private static final Logger LOG = LoggerFactory.getLogger(RecordFolder.class);
  private static final String SUFFIX = ".json";
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private final Class<T> type;
  private final String what;

  /** Per folder, the records {@link #newest} parsed, by file name, with the version parsed. */
  private final Map<Path, Map<String, Parsed<T>>> parsed = new ConcurrentHashMap<>();

  private record Parsed<T>(FileVersion version, T record) {}

  /** Records of {@code type}, called {@code what} in messages (e.g. "job record"). */
  public RecordFolder(Class<T> type, String what) {
    this.type = type;
    this.what = what;
  }

  /** Writes (or replaces) the record {@code id} in {@code dir} atomically. */
  public void write(Path dir, String id, T record) {
    writeFile(dir.resolve(id + SUFFIX), record);
  }

  /** The newest {@code limit} records in {@code dir}, newest first. */
  public List<T> newest(Path dir, int limit) {
    List<Path> files = files(dir);
    Map<String, Parsed<T>> before = parsed.getOrDefault(dir, Map.of());
    Map<String, Parsed<T>> kept = new HashMap<>();
    List<T> records = new ArrayList<>();
    for (int i = files.size() - 1; i >= 0; i--) {
      Path file = files.get(i);
      String name = file.getFileName().toString();
      Parsed<T> previous = before.get(name);
      if (records.size() >= limit) {
        if (previous != null) {
          kept.put(name, previous); // still on disk: another caller may ask for more
        }
        continue;
      }
      // The version before the bytes: a replace in between shows as a change next time.
      Optional<FileVersion> version = FileVersion.ofOrEmpty(file);
      if (previous != null && version.isPresent() && version.get().equals(previous.version())) {
        records.add(previous.record());
        kept.put(name, previous);
        continue;
      }
      Optional<T> record = readFile(file, type);
      record.ifPresent(records::add);
      if (record.isPresent() && version.isPresent()) {
        kept.put(name, new Parsed<>(version.get(), record.get()));
      }
    }
    // Names no longer listed (trimmed, deleted) are dropped with the old map.
    if (kept.isEmpty()) {
      parsed.remove(dir);
    } else {
      parsed.put(dir, Map.copyOf(kept));
    }
    return records;
  }

  /**
   * The ids of the records in {@code dir}, oldest first (ids sort by time); empty when it does not
   * exist.
   */
  public List<String> ids(Path dir) {
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : stream) {
        String name = file.getFileName().toString();
        ids.add(name.substring(0, name.length() - SUFFIX.length()));
      }
    } catch (NoSuchFileException e) {
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list " + what + "s in " + dir + ": " + e.getMessage(), e);
    }
    ids.sort(null);
    return ids;
  }

  /**
   * The record {@code id} in {@code dir}; empty (and logged when it exists) when it cannot be read.
   */
  public Optional<T> read(Path dir, String id) {
    return readFile(dir.resolve(id + SUFFIX), type);
  }

  /** Removes the record {@code id} in {@code dir}, if it is there. */
  public void delete(Path dir, String id) {
    try {
      Files.deleteIfExists(dir.resolve(id + SUFFIX));
    } catch (IOException e) {
      LOG.warn("cannot remove old {} {}: {}", what, dir.resolve(id + SUFFIX), e.getMessage());
    }
  }

  /** Removes all but the newest {@code keep} records in {@code dir}. */
  public void keepNewest(Path dir, int keep) {
    List<Path> files = files(dir);
    for (int i = 0; i < files.size() - keep; i++) {
      try {
        Files.deleteIfExists(files.get(i));
      } catch (IOException e) {
        LOG.warn("cannot remove old {} {}: {}", what, files.get(i), e.getMessage());
      }
    }
  }

  /**
   * Writes any JSON-mappable {@code value} to {@code file} atomically ({@link AtomicFiles}; side
   * files such as state).
   */
  public static void writeFile(Path file, Object value) {
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads {@code file} as {@code type}; empty (and logged when it exists) when it cannot. */
  public static <V> Optional<V> readFile(Path file, Class<V> type) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), type));
    } catch (IOException | RuntimeException e) {
      LOG.warn("skipping unreadable {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  private List<Path> files(Path dir) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      stream.forEach(files::add);
    } catch (NoSuchFileException e) {
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list " + what + "s in " + dir + ": " + e.getMessage(), e);
    }
    files.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return files;
  }
}
