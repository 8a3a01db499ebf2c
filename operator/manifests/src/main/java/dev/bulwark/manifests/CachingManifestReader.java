package dev.bulwark.manifests;

import dev.bulwark.engine.files.FileVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one manifest directory again and again, like {@link ManifestReader#readAll}, but parses
 * only the files whose {@link FileVersion} (modification time, size, identity) changed since its
 * previous read: a daemon rescanning a thousand unchanged policies costs a listing and a stat per
 * file, not a thousand YAML parses. A new, edited, replaced or deleted file is seen on the next
 * read. The documents of an unchanged file are the same objects as last time; callers must not
 * mutate them (they are records whose resources callers already copy before use).
 *
 * <p>Thread-safe; meant for one scanning thread.
 */
public final class CachingManifestReader {
  private final ManifestReader reader;
  private Map<Path, Parsed> parsed = new HashMap<>();

  private record Parsed(FileVersion version, List<ManifestDocument> documents) {}

  /** A reader parsing with {@code reader}. */
  public CachingManifestReader(ManifestReader reader) {
    this.reader = reader;
  }

  /**
   * Every manifest under {@code root} (a directory, recursively, or one file), in the order of
   * {@link ManifestReader#readAll}.
   *
   * @throws IllegalArgumentException when {@code root} does not exist
   */
  public synchronized List<ManifestDocument> readAll(Path root) {
    if (!Files.exists(root)) {
      throw new IllegalArgumentException("no such file or directory: " + root);
    }
    List<ManifestDocument> documents = new ArrayList<>();
    List<Path> files =
        Files.isDirectory(root) ? ManifestFiles.under(root, documents) : List.of(root);
    Map<Path, Parsed> next = new HashMap<>();
    for (Path file : files) {
      // The version is taken before the bytes: a write in between shows as a change next time.
      Optional<FileVersion> version = FileVersion.ofOrEmpty(file);
      Parsed previous = parsed.get(file);
      Parsed current;
      if (version.isPresent() && previous != null && version.get().equals(previous.version())) {
        current = previous;
      } else {
        current = new Parsed(version.orElse(null), reader.read(file));
      }
      if (current.version() != null) {
        next.put(file, current); // an unversioned file is parsed again next time
      }
      documents.addAll(current.documents());
    }
    parsed = next;
    return documents;
  }
}
