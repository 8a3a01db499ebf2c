package dev.bulwark.compose.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.engine.files.AtomicFiles;
import dev.bulwark.engine.files.FileVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link StatusFile}s under a state directory ({@link StateLayout}). Writes are
 * atomic (temporary file, fsync, rename), so a reader or a crash never sees half a file. Readers
 * refuse a {@code formatVersion} they do not know rather than misread it.
 *
 * <p>A status file is rewritten only when its content changes: a reconcile that decides the same
 * status again (an idle policy's 30-second history poll) leaves the file, and its {@code
 * updated_at}, as they are. The store remembers a digest of what each file holds (everything but
 * {@code updated_at}) and the file's {@link FileVersion} when it wrote or read it; a file changed,
 * replaced or deleted by anyone else since is written again.
 */
public final class StatusFileStore {
  private static final Logger LOG = LoggerFactory.getLogger(StatusFileStore.class);

  private final StateLayout layout;
  private final ObjectMapper mapper;
  private final Map<Path, Held> held = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();

  /** What a status file held when this store last wrote or read it. */
  private record Held(FileVersion version, String contentDigest) {}

  /** A store over the status files of {@code layout}. */
  public StatusFileStore(StateLayout layout) {
    this.layout = layout;
    this.mapper =
        JsonMapper.builder()
            .findAndAddModules()
            .defaultPropertyInclusion(
                JsonInclude.Value.construct(
                    JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Fields are added within a format version; an older reader skips what it does not
            // know.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
  }

  /** The layout this store writes into. */
  public StateLayout layout() {
    return layout;
  }

  /**
   * Atomically replaces the status file of {@code file}'s kind and name, unless it already holds
   * the same content ({@code updated_at} aside) and nobody touched it since this store wrote or
   * read it.
   *
   * @return whether the file was written
   */
  public boolean write(StatusFile file) {
    Path target = layout.statusFile(file.kind(), file.name());
    String digest = contentDigest(file);
    Held last = held.get(target);
    if (last != null
        && last.contentDigest().equals(digest)
        && FileVersion.ofOrEmpty(target).filter(last.version()::equals).isPresent()) {
      return false;
    }
    writeJson(target, file);
    writes.incrementAndGet();
    remember(target, digest);
    return true;
  }

  /** How many status files this store has written (not those it left alone); tests read it. */
  public long writeCount() {
    return writes.get();
  }

  /** Atomically replaces {@code <state>/status/unattributed.json}. */
  public void writeUnattributed(UnattributedFiles files) {
    writeJson(layout.unattributedFile(), files);
  }

  private void writeJson(Path target, Object value) {
    try {
      byte[] json = mapper.writeValueAsBytes(value);
      byte[] content = new byte[json.length + 1];
      System.arraycopy(json, 0, content, 0, json.length);
      content[json.length] = '\n';
      AtomicFiles.writeReadableByAll(target, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /**
   * The unattributable policy files last recorded; empty when none were ever recorded.
   *
   * @throws UncheckedIOException when the file exists but cannot be read or parsed
   * @throws IllegalStateException when its format version is unknown to this Bulwark
   */
  public Optional<UnattributedFiles> readUnattributed() {
    Path file = layout.unattributedFile();
    try {
      JsonNode tree = mapper.readTree(Files.readAllBytes(file));
      int version = tree == null ? 0 : formatVersion(tree);
      if (version != UnattributedFiles.FORMAT_VERSION) {
        throw new IllegalStateException(
            file
                + " has format_version "
                + version
                + "; this Bulwark reads version "
                + UnattributedFiles.FORMAT_VERSION);
      }
      return Optional.of(mapper.treeToValue(tree, UnattributedFiles.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The status file of a resource, if there is one.
   *
   * @throws UncheckedIOException when it exists but cannot be read or parsed
   * @throws IllegalStateException when its format version is unknown to this Bulwark
   */
  public Optional<StatusFile> read(String kind, String name) {
    Path file = layout.statusFile(kind, name);
    try {
      return Optional.of(parse(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Every status file, by kind folder and name. A file that cannot be read or has an unknown format
   * version is skipped with a warning, so one bad file never hides the others.
   */
  public List<StatusFile> readAll() {
    List<StatusFile> files = new ArrayList<>();
    for (Path path : statusPaths()) {
      try {
        files.add(parse(path));
      } catch (IOException | IllegalStateException e) {
        LOG.warn("skipping status file {}: {}", path, e.getMessage());
      }
    }
    return files;
  }

  /** The status object as the tree stored in a status file: nulls omitted, times as text. */
  public ObjectNode toTree(Object status) {
    return status == null ? mapper.createObjectNode() : mapper.valueToTree(status);
  }

  /** The status of a file bound to the status class of its kind. */
  public <S> S statusOf(StatusFile file, Class<S> statusType) {
    try {
      return mapper.treeToValue(
          file.status() == null ? mapper.createObjectNode() : file.status(), statusType);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "status of " + file.kind() + "/" + file.name() + " does not bind", e);
    }
  }

  /** Removes temporary files a crash mid-write may have left; they never replaced anything. */
  public void removeTemporaryFiles() {
    if (!Files.isDirectory(layout.statusDir())) {
      return;
    }
    try (Stream<Path> walk = Files.walk(layout.statusDir(), 2)) {
      for (Path path :
          walk.filter(p -> p.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("cannot clean temporary files under {}: {}", layout.statusDir(), e.getMessage());
    }
  }

  private StatusFile parse(Path path) throws IOException {
    // The version before the bytes: a write in between makes the next write() look again.
    Optional<FileVersion> version = FileVersion.ofOrEmpty(path);
    StatusFile file = parseBytes(path);
    version.ifPresent(v -> held.put(path, new Held(v, contentDigest(file))));
    return file;
  }

  private void remember(Path target, String digest) {
    Optional<FileVersion> version = FileVersion.ofOrEmpty(target);
    if (version.isPresent()) {
      held.put(target, new Held(version.get(), digest));
    } else {
      held.remove(target);
    }
  }

  /** SHA-256 of the file as written, without its {@code updated_at}. */
  private String contentDigest(StatusFile file) {
    try {
      byte[] bytes =
          mapper.writeValueAsBytes(
              new StatusFile(
                  file.formatVersion(),
                  file.apiVersion(),
                  file.kind(),
                  file.metadata(),
                  file.source(),
                  file.deleted(),
                  null,
                  file.problems(),
                  file.status()));
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize the status of " + file.name(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private StatusFile parseBytes(Path path) throws IOException {
    JsonNode tree = mapper.readTree(Files.readAllBytes(path));
    int version = tree == null ? 0 : formatVersion(tree);
    if (version != StatusFile.FORMAT_VERSION) {
      throw new IllegalStateException(
          path
              + " has format_version "
              + version
              + "; this Bulwark reads version "
              + StatusFile.FORMAT_VERSION);
    }
    return mapper.treeToValue(tree, StatusFile.class);
  }

  /** The envelope's format version, under its name or the camelCase one written before 2026-12. */
  private static int formatVersion(JsonNode tree) {
    JsonNode version =
        tree.has("format_version") ? tree.get("format_version") : tree.path("formatVersion");
    return version.asInt(0);
  }

  private List<Path> statusPaths() {
    if (!Files.isDirectory(layout.statusDir())) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(layout.statusDir(), 2)) {
      return walk.filter(p -> p.getNameCount() == layout.statusDir().getNameCount() + 2)
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + layout.statusDir(), e);
    }
  }
}
